import type {Finding, Severity} from '../dockerfile/finding.js';

export type Output = {stdout: NodeJS.WritableStream & {isTTY?: boolean}; stderr: NodeJS.WritableStream & {isTTY?: boolean}};

type Style = (text: string) => string;

export type Styles = {error: Style; warning: Style; info: Style; dim: Style; bold: Style};

const plain: Style = text => text;

/** ANSI styles for a terminal that wants them; plain text for pipes, files and NO_COLOR. */
export function stylesFor(stream: {isTTY?: boolean}, environment: NodeJS.ProcessEnv = process.env): Styles {
	const color = stream.isTTY === true && environment.NO_COLOR === undefined && environment.TERM !== 'dumb';
	const ansi = (open: number, close: number): Style => (color ? text => `\u001B[${open}m${text}\u001B[${close}m` : plain);
	return {error: ansi(31, 39), warning: ansi(33, 39), info: ansi(36, 39), dim: ansi(2, 22), bold: ansi(1, 22)};
}

const headings: Record<Severity, string> = {error: 'Errors', warning: 'Warnings', info: 'Notes'};

/** Findings grouped by severity, each with its line, the line's text and the fix. */
export function formatFindings(findings: Finding[], dockerfileText: string, styles: Styles): string[] {
	const sourceLines = dockerfileText.split('\n');
	const lines: string[] = [];
	for (const severity of ['error', 'warning', 'info'] as const) {
		const group = findings.filter(finding => finding.severity === severity);
		if (group.length === 0) {
			continue;
		}

		lines.push('', styles[severity](styles.bold(`${headings[severity]} (${group.length})`)));
		for (const finding of group) {
			lines.push(`  ${styles.bold(`line ${finding.line}`)} ${styles[severity](finding.rule)}: ${finding.message}`);
			const offending = sourceLines[finding.line - 1]?.trim();
			if (offending) {
				lines.push(styles.dim(`    > ${offending.length > 100 ? `${offending.slice(0, 99)}…` : offending}`));
			}

			if (finding.fix) {
				lines.push(`    fix: ${finding.fix}`);
			}
		}
	}

	return lines;
}

export function summarize(findings: Finding[]): string {
	const count = (severity: Severity) => findings.filter(finding => finding.severity === severity).length;
	const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
	return `${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}, ${plural(count('info'), 'note')}`;
}

export function writeLines(stream: NodeJS.WritableStream, lines: string[]) {
	if (lines.length > 0) {
		stream.write(`${lines.join('\n')}\n`);
	}
}
