import {inspect} from 'node:util';
import {truncateSegments, type Segment} from './cut-text.js';
import {headerLines} from './header-lines.js';
import {colourless} from './theme.js';

/**
 * The wizard's header and one line of what it is doing, drawn with plain writes the moment the
 * wizard starts: Ink, React and the validator take a few hundred milliseconds to load, and an
 * audience should see the wizard at once. Ink's first frame takes its place, erased in that write.
 */
export type PreFrame = {
	/** The next write to the terminal (Ink's first frame) starts by erasing the pre-frame; Ink takes the keyboard. */
	handOver(): void;
	/** Erases it now and gives the keyboard back: the wizard stops before Ink draws (a missing Dockerfile, say). */
	erase(): void;
};

const beginSynchronizedUpdate = '\u001B[?2026h';

export function drawPreFrame(stream: NodeJS.WriteStream, input: NodeJS.ReadStream, doing: string, environment: NodeJS.ProcessEnv = process.env): PreFrame {
	// Keys pressed before Ink reads them wait, unechoed, for Ink: echoed, an early Enter would move the
	// cursor off the pre-frame and leave a piece of it above Ink's frame.
	const raw = input.isTTY && !input.isRaw;
	if (raw) {
		input.setRawMode(true);
	}

	const colours = stream.hasColors?.() === true && !colourless(environment);
	const width = stream.columns || 80;
	const lines = [...headerLines('validate'), [], [{text: doing, dimColor: true}]].map(segments => styled(segments, truncateSegments(segments.map(segment => segment.text), width), colours));
	// From the start of a cleared line: keys typed while Node started were echoed there (raw mode
	// comes with this frame), and the frame would start after them.
	stream.write(`\r\u001B[2K${lines.map(line => `${line}\n`).join('')}`);
	// Line by line up to the pre-frame's first line, as Ink erases its own frames: erasing the screen
	// below the top-left corner at once makes tmux keep a copy of it in the scrollback.
	const eraser = `${'\u001B[2K\u001B[1A'.repeat(lines.length)}\u001B[2K\u001B[G`;
	let erased = false;
	return {
		handOver() {
			const original = stream.write;
			const write = original.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
			stream.write = ((chunk: unknown, ...rest: unknown[]) => {
				stream.write = original;
				erased = true;
				if (typeof chunk !== 'string') {
					return write(eraser) && write(chunk, ...rest);
				}

				// Inside Ink's synchronized update when it opens one, so the terminal swaps the frames at once.
				const opens = chunk.startsWith(beginSynchronizedUpdate);
				return write(opens ? beginSynchronizedUpdate + eraser + chunk.slice(beginSynchronizedUpdate.length) : eraser + chunk, ...rest);
			}) as typeof stream.write;
		},
		erase() {
			if (!erased) {
				erased = true;
				stream.write(eraser);
				if (raw) {
					input.setRawMode(false);
				}
			}
		},
	};
}

/** The segments' shown texts (cut to the width) in their styles, as escape codes when the terminal shows colour. */
function styled(segments: Segment[], shown: string[], colours: boolean): string {
	return segments.map((segment, index) => {
		const text = shown[index] ?? '';
		if (!colours) {
			return text;
		}

		const styles = [segment.bold && 'bold', segment.dimColor && 'dim', segment.color].filter((style): style is string => typeof style === 'string' && style in inspect.colors);
		return styles.reduce((styledText, style) => {
			const [open, close] = inspect.colors[style]!;
			return `\u001B[${open}m${styledText}\u001B[${close}m`;
		}, text);
	}).join('');
}
