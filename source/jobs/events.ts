import type {RetryEvent, TransferEvent} from '../rescale/types.js';

/** Metrics found in a log line: `Epoch: 3  Avg accuracy: 0.225 Avg loss: 2.78`. */
export type Metrics = {epoch?: number; loss?: number; accuracy?: number};

/**
 * What the build and run pipelines report while they work. The wizard renders these in its
 * panels; the headless commands print them as lines.
 */
export type PipelineEvent =
	| {kind: 'step'; message: string}
	| {kind: 'notice'; level: 'info' | 'warning'; message: string}
	| TransferEvent
	| RetryEvent
	| {kind: 'job'; action: 'created' | 'reattached' | 'submitted'; job: string; name: string}
	| {kind: 'status'; job: string; status: string; at: string; reason: string}
	| {kind: 'cluster'; job: string; status: string; at: string}
	| {kind: 'log'; job: string; lines: string[]}
	| ({kind: 'metric'; job: string} & Metrics);

export type EventSink = (event: PipelineEvent) => void;

const epochPattern = /\bepoch\b[\s:=#]*(\d+)/i;
const lossPattern = /\bloss\b[\s:=]*(-?\d+(?:\.\d+)?(?:e-?\d+)?)/i;
const accuracyPattern = /\b(?:acc|accuracy)\b[\s:=]*(\d+(?:\.\d+)?)/i;

export function metricsIn(line: string): Metrics | undefined {
	const number = (pattern: RegExp) => {
		const match = pattern.exec(line)?.[1];
		return match === undefined ? undefined : Number(match);
	};

	const metrics = {epoch: number(epochPattern), loss: number(lossPattern), accuracy: number(accuracyPattern)};
	return metrics.loss === undefined && metrics.accuracy === undefined ? undefined : Object.fromEntries(Object.entries(metrics).filter(([, value]) => value !== undefined)) as Metrics;
}
