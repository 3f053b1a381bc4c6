import {render} from 'ink-testing-library';
import {act} from 'react';
import path from 'node:path';
import stripAnsi from 'strip-ansi';
import {WizardApp, type WizardOutcome} from '../../source/wizard/app.js';
import type {Session} from '../../source/platform/session.js';
import type {WizardServices} from '../../source/wizard/services.js';
import {confirmDelayMs} from '../../source/wizard/steps/run-machine.js';
import {symbols} from '../../source/wizard/theme.js';
import {keys, renderUi} from './ui.js';

export type Ui = ReturnType<typeof renderUi>;

export const ctrlU = '\u0015';

export const pause = async (milliseconds: number) => new Promise(resolve => setTimeout(resolve, milliseconds));

/** Enter at each marker in turn. */
export async function enterAt(ui: Ui, markers: Array<string | RegExp>) {
	for (const marker of markers) {
		await ui.waitFor(marker, 30_000);
		if (marker === 'Enter submit the build job') {
			// The plan takes Enter once it has been in view a moment (typed ahead, Enter pays for nothing).
			await pause(confirmDelayMs);
		}

		await ui.press(keys.enter);
	}
}

/** From step 1 to the built image and the command field of step 5 (the first GPU coretype, 1 h). */
export async function toRunCommand(ui: Ui) {
	await enterAt(ui, ['Step 1/5', '✓ fixed', 'Step 2/5', 'Step 3/5', 'Which project', 'Enter submit the build job', '✓ Built', 'Which image?', 'Which GPU coretype?', 'How big a node', 'Walltime:']);
	await ui.waitFor('Command after apptainer run');
}

/** The whole wizard on `services`, keeping how it ended: `outcome()` as it is now, `ended()` once it has ended. */
export function renderWizard(services: WizardServices) {
	let outcome: WizardOutcome | undefined;
	const ui = renderUi(<WizardApp services={services} onExit={result => {
		outcome = result;
	}}/>);
	return {
		ui,
		outcome: () => outcome,
		async ended(): Promise<WizardOutcome> {
			await ui.waitUntil(() => outcome !== undefined);
			return outcome!;
		},
	};
}

/**
 * The wizard on `services` with the GPU run submitted and on the screen, still running: the build is
 * followed at the test's polling, the run then once a minute, so the test decides what happens next.
 */
export async function toRunningGpuJob(services: WizardServices) {
	let session: Session | undefined;
	const app = renderWizard({...services, async openSandbox() {
		session = await services.openSandbox();
		return session;
	}});
	await toRunCommand(app.ui);
	session!.pollMs = 60_000;
	await app.ui.press(keys.enter);
	await app.ui.waitFor('Enter submit the job');
	await pause(confirmDelayMs);
	await app.ui.press(keys.enter);
	await app.ui.waitFor(/Job \w+ (?:created|submitted)/, 30_000);
	return app;
}

/** The first screen of the wizard on `services` in a terminal of `columns` x `rows`; the wizard is unmounted after. */
export async function firstScreenAt(services: WizardServices, columns: number, rows: number): Promise<string> {
	let instance!: ReturnType<typeof render>;
	act(() => {
		instance = render(<WizardApp services={services} onExit={() => undefined}/>);
	});
	await act(async () => {
		Object.defineProperty(instance.stdout, 'columns', {value: columns});
		Object.assign(instance.stdout, {terminalRows: rows});
		instance.stdout.emit('resize');
		await pause(50);
	});
	const screen = stripAnsi(instance.lastFrame() ?? '');
	act(() => {
		instance.unmount();
	});
	return screen;
}

/**
 * Whether the screen names the Dockerfile on a line of its own: the whole path, or (wider than the
 * terminal) its end after an ellipsis, keeping the folder and file name. How long it is depends on
 * where the repository was checked out.
 */
export function namesDockerfile(screen: string, file: string): boolean {
	const folderAndName = `/${path.basename(path.dirname(file))}/${path.basename(file)}`;
	return screen.split('\n').some(line => line === file || (line.startsWith(symbols.ellipsis) && line.endsWith(folderAndName) && file.endsWith(line.slice(symbols.ellipsis.length))));
}
