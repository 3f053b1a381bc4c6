import path from 'node:path';
import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import type {JobView} from '../job-view.js';
import type {Download} from '../steps/run-machine.js';
import {spinnerType, symbols, theme} from '../theme.js';
import {TransferLines} from './job-panel.js';
import {Paragraph} from './paragraph.js';

/** The folder as the user would type it: `./rescale-outputs/ab12` under the current folder, else absolute. */
export function shownFolder(folder: string, cwd = process.cwd()): string {
	const relative = path.relative(cwd, folder);
	return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? folder : `.${path.sep}${relative}`;
}

/**
 * A finished run's `d` download: a bar per file while it runs, then where the files are (and the
 * headless command that gets them), or why it failed and what to do.
 */
export function DownloadPanel({download, view, width, headless}: {download: Download; view: JobView; width: number; headless: string}) {
	const folder = shownFolder(download.folder);
	return (
		<Box flexDirection="column" marginTop={1}>
			{download.state === 'downloading' ? <Paragraph><Text color={theme.accent}><Spinner type={spinnerType}/></Text>{` Downloading the output files to ${folder}${symbols.ellipsis}`}</Paragraph> : null}
			<TransferLines transfers={view.transfers} width={width}/>
			{download.state === 'downloaded' ? (
				<>
					<Paragraph color={theme.success}>{`${symbols.done} Downloaded ${download.files.length} output file(s) to ${folder}`}</Paragraph>
					<Paragraph dimColor>{`Again later, without the wizard (no new job): ${headless}`}</Paragraph>
				</>
			) : null}
			{download.state === 'failed' ? (
				<>
					<Paragraph color={theme.error}>{`${symbols.failed} The download to ${folder} failed: ${download.message}`}</Paragraph>
					{download.hint ? <Paragraph>{download.hint}</Paragraph> : null}
					<Paragraph>The job and its files stay on Rescale: d tries again.</Paragraph>
				</>
			) : null}
		</Box>
	);
}
