import {render} from 'ink';
import {WizardApp, type WizardOutcome} from './app.js';
import type {WizardServices} from './services.js';
import {withSteadyRows} from './steady-rows.js';

/** Renders the wizard until it exits; the one place that starts Ink. */
export async function renderWizard(services: WizardServices): Promise<WizardOutcome> {
	let outcome: WizardOutcome = {code: 0, submitted: [], finished: false};
	const instance = render(<WizardApp services={services} onExit={result => {
		outcome = result;
	}}/>, {exitOnCtrlC: false, maxFps: 10, stdout: withSteadyRows(process.stdout)});
	await instance.waitUntilExit();
	return outcome;
}
