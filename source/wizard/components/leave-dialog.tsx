import {Box} from 'ink';
import {borderStyle, theme} from '../theme.js';
import {KeyHints} from './key-hints.js';
import {Paragraph} from './paragraph.js';

/** q or Ctrl-C while a job is followed: leave it running, stop it, or stay. */
export function LeaveDialog({job, platform, stopOnExit}: {job: string | undefined; platform: string; stopOnExit: boolean}) {
	return (
		<Box flexDirection="column" borderStyle={borderStyle} borderColor={theme.warning} paddingX={1} marginTop={1}>
			{job ? (
				<>
					<Paragraph>{`Job ${job} is still running on ${platform}.`}</Paragraph>
					<KeyHints hints={stopOnExit
						? [{key: 'Enter', label: 'stop the job and leave (--stop-on-exit)'}, {key: 'l', label: 'leave it running'}, {key: 'Esc', label: 'stay'}]
						: [{key: 'Enter', label: 'leave it running (you can reattach later)'}, {key: 's', label: 'stop the job and leave'}, {key: 'Esc', label: 'stay'}]}/>
				</>
			) : (
				// The job ended while the question was open: there is nothing left to stop.
				<>
					<Paragraph>The job has ended while you were deciding: nothing is left running.</Paragraph>
					<KeyHints hints={[{key: 'Enter', label: 'leave'}, {key: 'Esc', label: 'stay'}]}/>
				</>
			)}
		</Box>
	);
}
