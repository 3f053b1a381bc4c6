import {DockerfileParser} from 'dockerfile-ast';
import {validate, ValidationCode} from 'dockerfile-utils';
import type {Finding} from '../finding.js';
import {dockerfileAst, type DockerfileModel} from '../model.js';
import type {Rule} from './rule.js';

/** `DiagnosticSeverity.Error` in the language-server protocol that dockerfile-utils speaks. */
const languageServerError = 1;

/** Syntax errors from dockerfile-utils; its style warnings are reported as `lint`. */
export const syntaxRule: Rule = {
	id: 'syntax',
	check({model}) {
		const findings: Finding[] = [];
		const seen = new Set<string>();
		let diagnostics: ReturnType<typeof validate>;
		try {
			diagnostics = validateParsed(model);
		} catch (error) {
			// dockerfile-utils recurses without end on some garbled files (found by the fuzz test).
			return [{
				rule: 'syntax',
				severity: 'warning',
				line: 1,
				message: `The syntax checker gave up on this file (${error instanceof Error ? error.message : String(error)}); the other checks still ran. Look for unbalanced quotes, brackets or \${...} references.`,
			}];
		}

		for (const diagnostic of diagnostics) {
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
				// Every printer puts `line N` before the message already.
				message: typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value,
			});
		}

		return findings;
	},
};

/**
 * dockerfile-utils' validate() parses the text again with the same dockerfile-ast the model was
 * read with (dockerValidator.js Validator.validate: `DockerfileParser.parse(document.getText())`),
 * which is half its time. For the length of this synchronous call, that parse returns the tree
 * the model already has; any other text is parsed as usual. The validator only reads the tree.
 */
function validateParsed(model: DockerfileModel): ReturnType<typeof validate> {
	// A namespace function that does not use `this` (dockerfile-ast main.js).
	const {parse} = DockerfileParser;
	const ast = dockerfileAst(model);
	DockerfileParser.parse = (content: string) => (content === model.text ? ast : parse(content));
	try {
		return validate(model.text);
	} finally {
		DockerfileParser.parse = parse;
	}
}
