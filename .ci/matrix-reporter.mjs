// A vitest reporter for .ci/node-matrix: writes the counts of one run, the
// names of failed tests and every skipped test with its reason, as JSON, to
// the file named by SIGNALFD_MATRIX_RESULT. A file that fails to load counts
// as a failed test, so a broken module never passes as "0 failed".
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';

export default class MatrixReporter {
  onTestRunEnd(testModules, unhandledErrors) {
    const result = { passed: 0, failed: 0, skipped: 0, failures: [], skips: [] };
    for (const testModule of testModules) {
      const file = relative(process.cwd(), testModule.moduleId);
      if (testModule.errors().length) {
        result.failed++;
        result.failures.push(`${file}: ${testModule.errors()[0].message}`);
      }
      for (const testCase of testModule.children.allTests()) {
        const { state, note } = testCase.result();
        const name = `${file} > ${testCase.fullName}`;
        if (state === 'passed') result.passed++;
        else if (state === 'failed') {
          result.failed++;
          result.failures.push(name);
        } else {
          result.skipped++;
          result.skips.push({ name, reason: note ?? (testCase.options.mode === 'todo' ? 'todo' : 'no reason given') });
        }
      }
    }
    for (const error of unhandledErrors) {
      result.failed++;
      result.failures.push(`unhandled error: ${error.message}`);
    }
    writeFileSync(process.env.SIGNALFD_MATRIX_RESULT, JSON.stringify(result, null, 2));
  }
}
