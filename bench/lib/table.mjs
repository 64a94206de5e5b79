// Prints every benchmark's rows as one table: aligned for a terminal, or
// compact Markdown (as in the README) with `compact`.
const COLUMNS = [
  { key: 'variant', title: 'variant' },
  { key: 'measured', title: 'measured' },
  { key: 'ratio', title: 'ratio (same run)' },
  { key: 'target', title: 'target' },
  { key: 'met', title: 'met' },
  { key: 'check', title: 'check' },
];

function cell(row, key) {
  if (key === 'met') return row.met === undefined ? '' : row.met ? 'yes' : 'NO';
  return String(row[key] ?? '');
}

export function printTable(results, { compact = false } = {}) {
  const lines = results.flatMap((result) => [{ title: result.title }, ...result.rows]);
  const width = ({ key, title }, index) =>
    Math.max(
      title.length,
      ...lines.map((line) => (line.title ? (index === 0 ? line.title.length + 4 : 0) : cell(line, key).length)),
    );
  const widths = COLUMNS.map((column, index) => (compact ? 1 : width(column, index)));
  const format = (values) => `| ${values.map((value, index) => (compact ? value : value.padEnd(widths[index]))).join(' | ')} |`;
  console.log(format(COLUMNS.map(({ title }) => title)));
  console.log(`|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`);
  for (const line of lines) {
    if (line.title) console.log(format([`**${line.title}**`, ...COLUMNS.slice(1).map(() => '')]));
    else console.log(format(COLUMNS.map(({ key }) => cell(line, key))));
  }
}
