import {Box, Text, type DOMElement} from 'ink';
import {useLayoutEffect, useRef, useState, type ReactNode} from 'react';
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
	const [hidden, setHidden] = useState(0);
	const room = Math.max(1, hidden > 0 ? rows - 1 : rows);
	// Ink's Box has no maxHeight, its Yoga node has. Set while rendering, so the layout Ink draws
	// next already has it; a layout effect would come after that frame is on the screen.
	frame.current?.yogaNode?.setMaxHeight(room);
	useLayoutEffect(() => {
		// The content keeps its own height (flexShrink 0) whatever the frame allows: this is what it needs.
		const needed = content.current?.yogaNode?.getComputedHeight() ?? 0;
		setHidden(needed > rows ? needed - (rows - 1) : 0);
	}, [rows, children]);
	return (
		<Box flexDirection="column">
			{hidden > 0 ? <Text dimColor wrap="truncate">{`${symbols.ellipsis} ${hidden} ${hidden === 1 ? 'line' : 'lines'} above cut off`}</Text> : null}
			<Box ref={frame} flexDirection="column" overflowY="hidden" justifyContent="flex-end">
				<Box ref={content} flexDirection="column" flexShrink={0}>
					{children}
				</Box>
			</Box>
		</Box>
	);
}
