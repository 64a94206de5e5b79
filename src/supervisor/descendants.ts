// The process tree below a process, from /proc/PID/task/TID/children.
import { readdirSync, readFileSync } from 'node:fs';

function childrenOf(pid: number): number[] {
  const children: number[] = [];
  let tasks: string[];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return children; // it exited
  }
  for (const tid of tasks) {
    let list = '';
    try {
      list = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8');
    } catch {
      continue; // the thread exited
    }
    for (const child of list.split(' ')) if (child !== '') children.push(Number(child));
  }
  return children;
}

/** Every process below `root` (not `root` itself), parents before their children. */
export function descendantsOf(root: number, except: ReadonlySet<number> = new Set()): number[] {
  const found: number[] = [];
  const queue = childrenOf(root).filter((pid) => !except.has(pid));
  while (queue.length > 0) {
    const pid = queue.shift()!;
    found.push(pid);
    queue.push(...childrenOf(pid));
  }
  return found;
}
