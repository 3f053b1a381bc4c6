import type {PipelineEvent} from '../jobs/events.js';
import {formatBytes} from '../format.js';
import type {Output} from './output.js';

/** Prints pipeline events as plain lines: what the wizard's panels show, for logs and CI. */
export function eventPrinter(output: Output): (event: PipelineEvent) => void {
	const reported = new Map<string, number>();
	const write = (line: string) => output.stdout.write(`${line}\n`);
	return event => {
		switch (event.kind) {
			case 'step': {
				write(`- ${event.message}`);
				break;
			}

			case 'notice': {
				write(`${event.level === 'warning' ? '!' : 'i'} ${event.message}`);
				break;
			}

			case 'upload':
			case 'download': {
				const percent = event.total === 0 ? 100 : Math.floor((event.sent / event.total) * 100);
				const step = Math.floor(percent / 25) * 25;
				const key = `${event.kind}:${event.file}`;
				if ((reported.get(key) ?? -1) < step) {
					reported.set(key, step);
					write(`  ${event.kind === 'upload' ? 'uploading' : 'downloading'} ${event.file}: ${step}% of ${formatBytes(event.total)}`);
				}

				break;
			}

			case 'retry': {
				output.stderr.write(`  retrying ${event.request} in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt + 1}): ${event.reason}\n`);
				break;
			}

			case 'job': {
				write(`- job ${event.job} ${event.action}: ${event.name}`);
				break;
			}

			case 'status': {
				write(`  status ${event.status}${event.reason ? ` (${event.reason})` : ''} at ${event.at}`);
				break;
			}

			case 'cluster': {
				write(`  cluster ${event.status} at ${event.at}`);
				break;
			}

			case 'log': {
				for (const line of event.lines) {
					write(`  | ${line}`);
				}

				break;
			}

			case 'metric': {
				break;
			}
		}
	};
}
