import {after} from 'node:test';
import {act, type ReactElement} from 'react';
import {cleanup, render} from 'ink-testing-library';
import stripAnsi from 'strip-ansi';

(globalThis as {IS_REACT_ACT_ENVIRONMENT?: boolean}).IS_REACT_ACT_ENVIRONMENT = true;

// A test that fails half-way leaves its app mounted, listening on stdin: unmount everything.
after(() => {
	cleanup();
});

export const keys = {up: '\u001B[A', down: '\u001B[B', enter: '\r', escape: '\u001B', backspace: '\u007F', ctrlC: '\u0003'} as const;

/**
 * The frame the terminal shows. With any CI value Ink writes its last output and a newline when the app
 * exits; ink-testing-library renders in debug mode, where that output is never kept, so the write is a
 * bare newline that blanks lastFrame(). A terminal (CI or not) keeps the frame drawn before it.
 */
function drawnFrame(frames: readonly string[]): string {
	const last = frames.at(-1) ?? '';
	return last === '\n' && frames.length > 1 ? frames.at(-2)! : last;
}

/** Renders a component, types keys through stdin inside act(), and reads the screen without colour. */
export function renderUi(tree: ReactElement) {
	let instance!: ReturnType<typeof render>;
	act(() => {
		instance = render(tree);
	});
	return {
		async press(...sequence: string[]) {
			for (const chunk of sequence) {
				await act(async () => {
					instance.stdin.write(chunk);
				});
			}
		},
		screen: () => stripAnsi(drawnFrame(instance.frames)),
		/** Waits (in act) until the screen shows `text`. */
		async waitFor(text: string | RegExp, timeoutMs = 10_000) {
			const start = Date.now();
			const matches = () => (typeof text === 'string' ? stripAnsi(drawnFrame(instance.frames)).includes(text) : text.test(stripAnsi(drawnFrame(instance.frames))));
			while (!matches()) {
				if (Date.now() - start > timeoutMs) {
					throw new Error(`timed out waiting for ${String(text)}; screen:\n${stripAnsi(drawnFrame(instance.frames))}`);
				}

				await act(async () => {
					await new Promise(resolve => setTimeout(resolve, 20));
				});
			}
		},
		/** Waits (in act) until `condition` holds, e.g. an outcome after the app has exited. */
		async waitUntil(condition: () => boolean, timeoutMs = 10_000) {
			const start = Date.now();
			while (!condition()) {
				if (Date.now() - start > timeoutMs) {
					throw new Error('timed out waiting for the condition');
				}

				await act(async () => {
					await new Promise(resolve => setTimeout(resolve, 20));
				});
			}
		},
		unmount() {
			act(() => {
				instance.unmount();
			});
		},
	};
}
