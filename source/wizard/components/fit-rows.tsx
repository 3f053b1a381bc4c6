import {Box, Text, Transform, type DOMElement} from 'ink';
import {useLayoutEffect, useRef, type ReactNode} from 'react';
import {truncateEnd} from '../cut-text.js';
import {symbols} from '../theme.js';

/**
 * Keeps what it holds within `rows` rows. A live frame as tall as the terminal makes Ink clear the
 * screen and the scrollback on its next frame, so each step plans for the rows it has and this is
 * the guarantee behind those plans: what still does not fit is cut from the top, where the step's
 * settled part is, so the key hints and questions at the bottom stay, and one line says so.
 */
export function FitRows({rows, children}: {rows: number; children: ReactNode}) {
	const frame = useRef<DOMElement>(null);
	const content = useRef<DOMElement>(null);
	// Ink's Box has no maxHeight, its Yoga node has. Set while rendering, so the layout Ink draws
	// next already has it (a layout effect comes after that frame is on the screen); and once
	// mounted, when the node is there, for the frames a step draws without rendering this again.
	const most = Math.max(1, rows);
	frame.current?.yogaNode?.setMaxHeight(most);
	useLayoutEffect(() => {
		frame.current?.yogaNode?.setMaxHeight(most);
	}, [most]);
	// The note is written while Ink draws, from the layout of the frame being drawn: a count kept in
	// state would be measured after that frame is on the screen, and be one frame late (a cut-off
	// line over a dialog just closed). Laid over the top row of what is shown, it takes no row of
	// its own, so the layout does not depend on it; with nothing cut it writes nothing.
	const note = (line: string) => {
		const shown = frame.current?.yogaNode?.getComputedHeight() ?? 0;
		const needed = content.current?.yogaNode?.getComputedHeight() ?? 0;
		if (needed <= shown) {
			return '';
		}

		const width = frame.current?.yogaNode?.getComputedWidth() ?? 0;
		return line.replace(symbols.ellipsis, truncateEnd(`${symbols.ellipsis} ${needed - shown + 1} lines above cut off`, width).padEnd(width));
	};

	return (
		<Box ref={frame} flexDirection="column" overflowY="hidden">
			<Box flexDirection="column" flexShrink={1} overflowY="hidden" justifyContent="flex-end">
				{/* The content keeps its own height (flexShrink 0) whatever the frame allows: what it needs. */}
				<Box ref={content} flexDirection="column" flexShrink={0}>
					{children}
				</Box>
			</Box>
			{/* Last, so it is drawn over the row; absolute in a frame that starts at the top, so it sits there. */}
			<Box position="absolute">
				<Transform transform={note}>
					<Text dimColor>{symbols.ellipsis}</Text>
				</Transform>
			</Box>
		</Box>
	);
}
