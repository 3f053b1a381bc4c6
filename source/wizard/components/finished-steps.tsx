import {Box, Static} from 'ink';
import {steps, type FinishedStep} from '../machine.js';
import {symbols, theme} from '../theme.js';
import {HangingText} from './hanging-text.js';

/**
 * The finished steps' results, each printed once above the live frame (Ink's <Static>): they scroll
 * away like ordinary terminal output, so the live frame stays short and the screen is never cleared.
 */
export function FinishedSteps({history, width}: {history: FinishedStep[]; width: number}) {
	return (
		<Static items={history}>
			{entry => (
				// Static output is laid out on its own: its width is given, or nothing would wrap it.
				<Box key={entry.id} flexDirection="column" width={width}>
					<HangingText lead={`${entry.ok ? symbols.done : symbols.failed} `} color={entry.ok ? theme.success : theme.error}>
						{`Step ${steps.findIndex(step => step.id === entry.step) + 1} ${steps.find(step => step.id === entry.step)!.title}: ${entry.headline}`}
					</HangingText>
					{entry.details.map(detail => <HangingText key={detail} lead="    " dimColor>{detail}</HangingText>)}
				</Box>
			)}
		</Static>
	);
}
