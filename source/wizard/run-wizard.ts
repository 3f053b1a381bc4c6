import {writeFileSync} from 'node:fs';
import wrapAnsi from 'wrap-ansi';
import {readDockerfile} from '../dockerfile/read-dockerfile.js';
import {defaultServices, type WizardFlags} from './default-services.js';
import type {PreFrame} from './pre-frame.js';
import {reportMarkdown, withEnding} from './report.js';

export type Streams = {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream};

/** Reads the Dockerfile, loads Ink and runs the wizard in place of the pre-frame; then says how it ended. */
export async function runWizard(target: string | undefined, flags: WizardFlags & {report: string | undefined}, output: Streams, preFrame: PreFrame): Promise<number> {
	let loaded;
	try {
		const dockerfile = await readDockerfile(target ?? '.');
		loaded = {services: defaultServices(dockerfile, flags), ...await importWithoutFetch(async () => import('./render-wizard.js'))};
	} catch (error) {
		preFrame.erase();
		throw error;
	}

	const {services, renderWizard} = loaded;
	preFrame.handOver();
	const outcome = await renderWizard(services);
	await outcome.session?.close();
	// Left while the sandbox was starting (Ctrl-C in step 3): its server would keep the process alive.
	await services.release();
	if (flags.report && outcome.report) {
		try {
			writeFileSync(flags.report, reportMarkdown(withEnding(outcome.report, {finished: outcome.finished, stopped: outcome.stopped, left: outcome.left, platform: outcome.session?.label})));
			output.stdout.write(`Wrote a record of this session to ${flags.report}.\n`);
		} catch (error) {
			// The session itself is over and said below; only its record is missing.
			output.stderr.write(`rescale-apptainer: could not write the record of this session to ${flags.report} (${(error as NodeJS.ErrnoException).code ?? String(error)}).\n`);
		}
	}

	// Wrapped between words here: the terminal would break them wherever the width ends.
	const say = (text: string) => output.stdout.write(`${wrapAnsi(text, process.stdout.columns || 80, {hard: true})}\n`);
	if (outcome.stopped) {
		say(`Asked ${outcome.session?.label ?? 'Rescale'} to stop job ${outcome.stopped}.`);
	} else if (outcome.left) {
		say(`Job ${outcome.left} keeps running on ${outcome.session?.label ?? 'Rescale'}. Start the wizard again with the same Dockerfile${flags.sandbox ? ' and --sandbox' : ''} to follow it.`);
	}

	return outcome.code;
}

/**
 * Yoga, Ink's layout engine, loads its embedded wasm through fetch() whenever fetch exists, and on
 * Node the first fetch() loads Node's whole HTTP client (undici) to read a data: URL: ~40 ms before
 * the first frame. Without fetch it decodes the same bytes itself. Nothing else runs meanwhile, and
 * fetch is back as soon as Ink is loaded.
 */
async function importWithoutFetch<T>(load: () => Promise<T>): Promise<T> {
	const fetchProperty = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	delete (globalThis as {fetch?: unknown}).fetch;
	try {
		return await load();
	} finally {
		if (fetchProperty) {
			Object.defineProperty(globalThis, 'fetch', fetchProperty);
		}
	}
}
