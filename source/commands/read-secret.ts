import {UserError} from '../errors.js';

/**
 * Reads a secret without echoing it: on a terminal, a masked prompt (pastes keep working: a
 * trailing newline submits, bracketed-paste markers and control characters are dropped); from a
 * pipe, the first line of standard input.
 */
export async function readSecret(prompt: string, input: NodeJS.ReadStream = process.stdin, output: NodeJS.WriteStream = process.stderr): Promise<string> {
	if (!input.isTTY) {
		let text = '';
		for await (const chunk of input) {
			text += String(chunk);
			if (text.includes('\n')) {
				break;
			}
		}

		return text.split(/\r?\n/)[0]!.trim();
	}

	output.write(prompt);
	input.setRawMode(true);
	input.resume();
	try {
		return await new Promise<string>((resolve, reject) => {
			let secret = '';
			const onData = (chunk: Buffer) => {
				const text = chunk.toString('utf8').replaceAll('\u001B[200~', '').replaceAll('\u001B[201~', '');
				for (const character of text) {
					if (character === '\u0003') {
						input.off('data', onData);
						output.write('\n');
						reject(new UserError('cancelled', {exitCode: 130}));
						return;
					}

					if (character === '\r' || character === '\n') {
						input.off('data', onData);
						output.write('\n');
						resolve(secret.trim());
						return;
					}

					if (character === '\u007F' || character === '\b') {
						secret = secret.slice(0, -1);
					} else if (character >= ' ') {
						secret += character;
					}
				}

				output.write(`\r${prompt}${'*'.repeat(Math.min(secret.length, 40))}\u001B[K`);
			};

			input.on('data', onData);
		});
	} finally {
		input.setRawMode(false);
		input.pause();
	}
}
