import {useStdout} from 'ink';
import {useEffect, useReducer, useState} from 'react';
import type {PipelineEvent} from '../jobs/events.js';
import {emptyJobView, foldEvent, type JobView} from './job-view.js';

/** One clock for every elapsed-time display. */
export function useNow(intervalMs = 1000): number {
	const [now, setNow] = useState(Date.now());
	useEffect(() => {
		const timer = setInterval(() => {
			setNow(Date.now());
		}, intervalMs);
		return () => {
			clearInterval(timer);
		};
	}, [intervalMs]);
	return now;
}

export function useJobView(): [JobView, (event: PipelineEvent) => void] {
	return useReducer((view: JobView, event: PipelineEvent) => foldEvent(view, event), emptyJobView);
}

/** Terminal size, following resizes (Ink 6 has no hook for it). */
export function useTerminalSize(): {columns: number; rows: number} {
	const {stdout} = useStdout();
	const read = () => ({columns: stdout.columns || 80, rows: stdout.rows || 24});
	const [size, setSize] = useState(read);
	useEffect(() => {
		const onResize = () => {
			setSize(read());
		};

		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout]); // eslint-disable-line react-hooks/exhaustive-deps
	return size;
}
