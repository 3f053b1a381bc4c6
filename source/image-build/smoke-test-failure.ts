import type {Finding} from '../dockerfile/finding.js';
import type {FailedCheck} from './build-log-reader.js';

/**
 * A build that failed in its smoke test (%test), in words: what did not import, the error it
 * raised, the Dockerfile line that installed it, and what `validate` says of that line. Empty when
 * the smoke test did not fail.
 */
export function describeSmokeTestFailure(checks: FailedCheck[], findings: Finding[], lastLines: string[]): string[] {
	if (checks.length === 0) {
		return [];
	}

	const errors = [...new Set(lastLines.map(line => /(?:^|\s)((?:[A-Z]\w*Error|OSError): .+)$/.exec(line)?.[1]).filter(line => line !== undefined))];
	const lines = [...new Set(checks.map(check => check.line).filter(line => line !== undefined))];
	const related = findings.filter(finding => lines.includes(finding.line) && finding.severity !== 'info');
	return [
		'The smoke test (%test) failed on the build node, before any GPU time was paid for:',
		...checks.map(check => `  ✗ ${check.check}${check.line === undefined ? '' : `: installed at Dockerfile line ${check.line}`}`),
		...errors.slice(0, 3).map(error => `  ${error}`),
		...(related.length > 0
			? related.flatMap(finding => [`rescale-apptainer validate, line ${finding.line} ${finding.rule}: ${finding.message}`, ...(finding.fix ? [`  fix: ${finding.fix}`] : [])])
			: ['rescale-apptainer validate finds nothing on those lines: check the versions of those packages against the torch and Python of the image.']),
	];
}
