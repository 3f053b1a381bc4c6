import path from 'node:path';
import {Box, Text} from 'ink';
import Spinner from 'ink-spinner';
import type {JobView} from '../job-view.js';
import type {Download} from '../steps/run-machine.js';
import {symbols, theme} from '../theme.js';
import {TransferLines} from './job-panel.js';

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
			{download.state === 'downloading' ? <Text><Text color={theme.accent}><Spinner type="dots"/></Text>{` Downloading the output files to ${folder}…`}</Text> : null}
			<TransferLines transfers={view.transfers} width={width}/>
			{download.state === 'downloaded' ? (
				<>
					<Text color={theme.success} wrap="wrap">{`${symbols.done} Downloaded ${download.files.length} output file(s) to ${folder}`}</Text>
					<Text dimColor wrap="wrap">{`Again later, without the wizard (no new job): ${headless}`}</Text>
				</>
			) : null}
			{download.state === 'failed' ? (
				<>
					<Text color={theme.error} wrap="wrap">{`${symbols.failed} The download to ${folder} failed: ${download.message}`}</Text>
					{download.hint ? <Text wrap="wrap">{download.hint}</Text> : null}
					<Text wrap="wrap">The job and its files stay on Rescale: d tries again.</Text>
				</>
			) : null}
		</Box>
	);
}
