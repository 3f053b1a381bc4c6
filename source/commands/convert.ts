import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {contextView} from '../context/context-files.js';
import {deriveDefinition} from '../definition/derive-definition.js';
import {readDockerfile} from '../dockerfile/read-dockerfile.js';
import {UserError} from '../errors.js';
import {defaultOutDir} from '../image-build/output-folder.js';
import {formatFindings, stylesFor, summarize, writeLines, type Output} from './output.js';
import {checkWritableTarget} from './output-paths.js';

/**
 * `convert [PATH] [-o FILE] [--no-smoke-test] [--json]`: the definition file on stdout (or in FILE), notes on
 * stderr. Exit 1 when syntax errors or a missing FROM make conversion meaningless.
 */
export async function convertCommand(target: string, options: {json: boolean; output: string | undefined; smokeTest: boolean}, output: Output): Promise<number> {
	if (options.output) {
		checkWritableTarget({flag: '-o', path: options.output, kind: 'file', nothingDone: 'nothing was written'});
	}

	const dockerfile = await readDockerfile(target);
	// The same def `build` would upload: the context as `docker build` sees it, without our own output folder.
	const definition = deriveDefinition({text: dockerfile.text, context: contextView(dockerfile.contextDir, [defaultOutDir]), smokeTest: options.smokeTest});
	const {findings, blocking, notes} = definition;
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

	const written = {text: definition.def, sourceMap: definition.sourceMap};
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
		await writeFile(file, text);
	} catch (error) {
		throw new UserError(`${file}: cannot be written (${(error as NodeJS.ErrnoException).code ?? String(error)})`, {cause: error});
	}
}
