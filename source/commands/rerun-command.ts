import {quoteWord} from '../apptainer/shell-quote.js';

/**
 * The command line as the user gave it, to run again and follow the same job: every flag that
 * shaped the plan (--fix, --name, hardware...) kept, --new dropped (it would start another job)
 * and an API key never written out.
 */
export function rerunCommand(argv: string[]): string {
	const words: string[] = [];
	for (let index = 0; index < argv.length; index++) {
		const word = argv[index]!;
		if (word === '--api-key') {
			index++;
		} else if (word !== '--new' && !word.startsWith('--api-key=')) {
			words.push(word);
		}
	}

	return ['rescale-apptainer', ...words].map(word => quoteWord(word)).join(' ');
}
