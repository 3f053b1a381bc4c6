import type {RunOutcome} from './outcome.js';

/** A run's outcome in lines, the same in the headless output and the session report. */
export function describeOutcome(outcome: RunOutcome): string[] {
	const gpus = outcome.nodeGpus.length > 0 ? [`Node GPU: ${outcome.nodeGpus[0]!.name}, driver ${outcome.nodeGpus[0]!.driver}${outcome.nodeGpus.length > 1 ? ` (x${outcome.nodeGpus.length})` : ''}`] : [];
	if (outcome.succeeded) {
		return [...gpus, `✓ ${outcome.summary}`];
	}

	return [
		...gpus,
		`✗ The run failed. ${outcome.summary}`,
		'Last lines of its log:',
		...outcome.logTail.map(line => `  | ${line}`),
		`Most likely: ${outcome.cause ?? 'the last lines of the log above say why.'}`,
	];
}
