import {validate, ValidationCode} from 'dockerfile-utils';
import type {Finding} from '../finding.js';
import type {Rule} from './rule.js';

/** `DiagnosticSeverity.Error` in the language-server protocol that dockerfile-utils speaks. */
const languageServerError = 1;

/** Syntax errors from dockerfile-utils; its style warnings are reported as `lint`. */
export const syntaxRule: Rule = {
	id: 'syntax',
	check({model}) {
		const findings: Finding[] = [];
		const seen = new Set<string>();
		for (const diagnostic of validate(model.text)) {
			if (diagnostic.code === ValidationCode.NO_SOURCE_IMAGE) {
				continue; // Reported as no-from, with a fix.
			}

			const line = diagnostic.range.start.line + 1;
			const isError = diagnostic.severity === languageServerError;
			const key = `${line}:${diagnostic.message}`;
			if (seen.has(key)) {
				continue;
			}

			seen.add(key);
			findings.push({
				rule: isError ? 'syntax' : 'lint',
				severity: isError ? 'error' : 'info',
				line,
				message: `Line ${line}: ${diagnostic.message}`,
			});
		}

		return findings;
	},
};
