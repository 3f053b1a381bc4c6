import {hasErrors, validateDockerfile} from '../dockerfile/validate.js';
import {formatFindings, stylesFor, summarize, writeLines, type Output} from './output.js';
import {readDockerfile} from '../dockerfile/read-dockerfile.js';

/**
 * `validate [PATH] [--json]`: exit 1 when a finding is an error, 0 otherwise (2 for unreadable
 * input, raised as a UserError).
 */
export async function validateCommand(target: string, options: {json: boolean}, output: Output): Promise<number> {
	const dockerfile = await readDockerfile(target);
	const findings = validateDockerfile(dockerfile.model);
	if (options.json) {
		output.stdout.write(`${JSON.stringify({file: dockerfile.file, findings}, undefined, 2)}\n`);
		return hasErrors(findings) ? 1 : 0;
	}

	const styles = stylesFor(output.stdout);
	const lines = [styles.bold(dockerfile.file), ...formatFindings(findings, dockerfile.text, styles), ''];
	lines.push(findings.length === 0 ? 'No problems found.' : summarize(findings));
	if (hasErrors(findings)) {
		lines.push('Fix the errors before building: each would fail the build or the first run.');
	}

	writeLines(output.stdout, lines);
	return hasErrors(findings) ? 1 : 0;
}
