export type Severity = 'error' | 'warning' | 'info';

/** A replacement the user can apply with one key: on `line`, `find` becomes `replace`. */
export type TextEdit = {line: number; find: string; replace: string};

export type Finding = {
	/** Stable rule id (see README: rules). */
	rule: string;
	severity: Severity;
	/** 1-based Dockerfile line. */
	line: number;
	message: string;
	fix?: string;
	edit?: TextEdit;
};

export const severityOrder: Severity[] = ['error', 'warning', 'info'];

export function compareFindings(a: Finding, b: Finding): number {
	return severityOrder.indexOf(a.severity) - severityOrder.indexOf(b.severity) || a.line - b.line || a.rule.localeCompare(b.rule);
}
