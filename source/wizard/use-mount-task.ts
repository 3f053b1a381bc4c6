import {useEffect, useRef} from 'react';

/**
 * Runs a step's preparation (listing coretypes, planning a build...) once when the step appears,
 * with the props of that first render, and aborts its signal when the step goes away, so a
 * late answer never updates a step the user has left.
 */
export function useMountTask(task: (signal: AbortSignal) => Promise<void>) {
	const firstTask = useRef(task);
	useEffect(() => {
		const controller = new AbortController();
		void firstTask.current(controller.signal);
		return () => {
			controller.abort();
		};
	}, []);
}
