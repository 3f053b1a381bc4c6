import {useStdout} from 'ink';
import {useEffect, useReducer, useRef, useState} from 'react';
import type {PipelineEvent} from '../jobs/events.js';
import type {Session} from '../platform/session.js';
import {RescaleError} from '../rescale/errors.js';
import {emptyJobView, foldEvent, type JobView} from './job-view.js';

/**
 * One clock for every elapsed-time display. Ink redraws the whole frame for any render, so a tick
 * costs a full redraw: a render for any other reason (a pipeline event, a key) reads the time
 * afresh, and the clock ticks only after `intervalMs` without one, and only while `active` (a
 * screen showing no elapsed time spends no redraws on it).
 */
export function useNow(active: boolean, intervalMs = 1000): number {
	const [, tick] = useReducer((ticks: number) => ticks + 1, 0);
	const now = Date.now();
	// No dependencies: every render starts the wait again.
	useEffect(() => {
		if (!active) {
			return;
		}

		const timer = setTimeout(tick, intervalMs);
		return () => {
			clearTimeout(timer);
		};
	});
	return now;
}

export function useJobView(): [JobView, (event: PipelineEvent) => void] {
	return useReducer((view: JobView, event: PipelineEvent) => foldEvent(view, event), emptyJobView);
}

/** Terminal size, following resizes (Ink 6 has no hook for it). */
export function useTerminalSize(): {columns: number; rows: number} {
	const {stdout} = useStdout();
	const [size, setSize] = useState(() => terminalSize(stdout));
	useEffect(() => {
		const onResize = () => {
			// The terminal reflows the old frame when it shrinks, which Ink cannot erase line by
			// line: start from a clean screen and let it draw the new frame. Only the screen: the
			// scrollback keeps the user's history and the finished steps (no ESC[3J).
			stdout.write('\u001B[2J\u001B[H');
			setSize(terminalSize(stdout));
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]);
	return size;
}

function terminalSize(stdout: NodeJS.WriteStream & {terminalRows?: number}) {
	// The real height: Ink is given one that never shrinks (steady-rows.ts).
	return {columns: stdout.columns || 80, rows: (stdout.terminalRows ?? stdout.rows) || 24};
}

/**
 * Starts a pipeline once and folds its events, and the session client's own (retries), into a
 * job view, telling the wizard about every job it creates (or reattaches to) as soon as it is
 * known. A Ctrl-C cancellation is not a failure.
 */
export function useJobRun(session: Pick<Session, 'observe'>, onEvent: (event: PipelineEvent) => void, onSubmitted: (job: string) => void) {
	const [view, fold] = useJobView();
	const started = useRef(false);
	const start = <T>(work: (sink: (event: PipelineEvent) => void) => Promise<T>, done: (result: T) => void, failed: (error: unknown) => void) => {
		if (started.current) {
			return;
		}

		started.current = true;
		const sink = (event: PipelineEvent) => {
			fold(event);
			onEvent(event);
			if (event.kind === 'job' && event.action !== 'submitted') {
				onSubmitted(event.job);
			}
		};

		const stopObserving = session.observe(sink);
		work(sink).finally(stopObserving).then(done, (error: unknown) => {
			if (!(error instanceof RescaleError && error.kind === 'cancelled')) {
				failed(error);
			}
		});
	};

	return {view, start};
}
