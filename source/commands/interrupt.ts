/**
 * Runs work with an AbortSignal that Ctrl-C (SIGINT) or SIGTERM aborts, so the work can stop at
 * a safe point and say what it left behind; a second Ctrl-C exits at once.
 */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
	const controller = new AbortController();
	const onSignal = () => {
		if (controller.signal.aborted) {
			process.exit(130);
		}

		controller.abort();
	};

	// Other listeners are set aside while the work runs: conf's file writer (atomically, through
	// when-exit) answers SIGINT by sending it again, which would read as a second Ctrl-C. Its
	// clean-up still runs on the normal exit that follows.
	const signals = ['SIGINT', 'SIGTERM'] as const;
	const others = signals.map(signal => process.listeners(signal));
	for (const signal of signals) {
		process.removeAllListeners(signal);
		process.on(signal, onSignal);
	}

	try {
		return await work(controller.signal);
	} finally {
		signals.forEach((signal, index) => {
			process.off(signal, onSignal);
			for (const listener of others[index]!) {
				process.on(signal, listener as () => void);
			}
		});
	}
}

/** Asks a yes/no question on the terminal (the caller made sure there is one). */
export async function confirm(question: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<boolean> {
	const {createInterface} = await import('node:readline/promises');
	const prompt = createInterface({input, output});
	try {
		return /^y(?:es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
	} finally {
		prompt.close();
	}
}
