import {existsSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {convertDockerfile} from '../apptainer/convert.js';
import {writeDefFile} from '../apptainer/def-file.js';
import {validateDockerfile} from '../dockerfile/validate.js';
import {UserError} from '../errors.js';
import {formatFindings, stylesFor, summarize, writeLines, type Output} from './output.js';
import {contextPathKind, readDockerfile} from '../dockerfile/read-dockerfile.js';

/** Rules whose errors leave nothing sensible to convert. */
const blockingRules = new Set(['syntax', 'no-from']);

/**
 * `convert [PATH] [-o FILE] [--json]`: the definition file on stdout (or in FILE), notes on
 * stderr. Exit 1 when syntax errors or a missing FROM make conversion meaningless.
 */
export async function convertCommand(target: string, options: {json: boolean; output: string | undefined}, output: Output): Promise<number> {
	const dockerfile = await readDockerfile(target);
	const findings = validateDockerfile(dockerfile.model);
	const blocking = findings.filter(finding => finding.severity === 'error' && blockingRules.has(finding.rule));
	const styles = stylesFor(output.stderr);
	if (blocking.length > 0) {
		if (options.json) {
			output.stdout.write(`${JSON.stringify({file: dockerfile.file, def: null, sourceMap: [], notes: [], findings}, undefined, 2)}\n`);
		}

		writeLines(output.stderr, [
			`${dockerfile.file} cannot be converted until these are fixed:`,
			...formatFindings(blocking, dockerfile.text, styles),
		]);
		return 1;
	}

	const {def, notes} = convertDockerfile(dockerfile.model, {
		pathKind: contextPathKind(dockerfile.contextDir),
		hasDockerignore: existsSync(path.join(dockerfile.contextDir, '.dockerignore')),
	});
	const written = writeDefFile(def);
	if (options.output) {
		await writeDefTo(options.output, dockerfile.file, written.text);
	}

	if (options.json) {
		output.stdout.write(`${JSON.stringify({file: dockerfile.file, def: written.text, sourceMap: written.sourceMap, notes, findings}, undefined, 2)}\n`);
		return 0;
	}

	if (!options.output) {
		output.stdout.write(written.text);
	}

	const report = notes.map(note => `  ${styles.bold(`line ${note.line}`)}: ${note.message}`);
	const errors = findings.filter(finding => finding.severity === 'error');
	writeLines(output.stderr, [
		// On a terminal the notes follow the def directly; a blank line keeps them apart.
		...(options.output ? [] : ['']),
		...(options.output ? [`Wrote ${options.output} (${written.sourceMap.length} lines) from ${dockerfile.file}.`] : []),
		...(report.length > 0 ? [styles.bold(`How the definition differs from the Dockerfile (${notes.length}):`), ...report] : []),
		...(errors.length > 0
			? [styles.error(`validate: ${summarize(findings)}; the image would fail (${errors.map(error => `${error.rule} on line ${error.line}`).join(', ')}). Run rescale-apptainer validate ${target} for the fixes.`)]
			: []),
	]);
	return 0;
}

async function writeDefTo(file: string, dockerfile: string, text: string) {
	if (path.resolve(file) === path.resolve(dockerfile)) {
		throw new UserError(`${file} is the Dockerfile itself; choose another name for the definition file (e.g. app.def)`);
	}

	try {
		await mkdir(path.dirname(path.resolve(file)), {recursive: true});
		await writeFile(file, text);
	} catch (error) {
		throw new UserError(`${file}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {cause: error});
	}
}
