import {Box, Text} from 'ink';
import {useContext, useState} from 'react';
import type {ConversionNote} from '../../apptainer/convert.js';
import type {DefProblem} from '../../apptainer/parse-def.js';
import {CutRow} from '../components/cut-row.js';
import {EndingContext} from '../components/ending.js';
import {hangingRows} from '../components/hanging-text.js';
import {KeyHints, keyHintRows, type KeyHint} from '../components/key-hints.js';
import {Paragraph} from '../components/paragraph.js';
import type {SavedDef} from '../services.js';
import {useKeys} from '../input/use-keys.js';
import {symbols, theme} from '../theme.js';
import {truncateEnd, type Segment} from '../cut-text.js';

export type ReviewStepProps = {
	def: string;
	sourceMap: Array<number | null>;
	notes: ConversionNote[];
	/** Set when the user edited the def: what apptainer build would refuse in it. */
	problems: DefProblem[];
	edited: boolean;
	/** Whether the generated def has the %test smoke test (an edited def keeps what the user wrote). */
	smokeTest: boolean;
	/** The rows the step may use: the def's window gets what the rest leaves. */
	maxLines: number;
	width: number;
	onSave: () => SavedDef;
	onEdit: () => string | undefined;
	onDiscard: () => void;
	onToggleSmokeTest: () => void;
	onNext: () => void;
	onBack: () => void;
	onQuit: () => void;
};

/** Step 2: the def with line numbers and colours, the Dockerfile line of each part, and the notes. */
export function ReviewStep(props: ReviewStepProps) {
	const lines = props.def.replace(/\n$/, '').split('\n');
	const [top, setTop] = useState(0);
	const ending = useContext(EndingContext);
	const [saved, setSaved] = useState<SavedDef>();
	const [message, setMessage] = useState<string>();
	const blocked = props.problems.length > 0;
	const hints: KeyHint[] = [
		...(blocked ? [] : [{key: 'Enter', label: 'continue'}]),
		{key: `${symbols.upDown}/PgUp/PgDn/Home/End`, label: 'scroll'},
		{key: 'e', label: 'edit in $EDITOR'},
		...(props.edited ? [{key: 'd', label: 'discard edits'}] : [{key: 't', label: `smoke test ${props.smokeTest ? 'off' : 'on'}`}]),
		{key: 's', label: 'save'},
		{key: 'Esc', label: 'back'},
		{key: 'q', label: 'quit'},
	];
	const notices = [
		props.smokeTest || props.edited ? undefined : smokeTestOff,
		saved?.kept ? keptMessage(saved) : undefined,
		saved && !saved.kept ? `Saved ${saved.file}` : undefined,
		message,
	];
	// Around the def's window: its position line, problems, notices, the (wrapping) key hints, and
	// up to four notes when they leave the def at least three rows (a short terminal shows a count).
	const fixedRows = 1 + (props.edited ? 1 : 0) + props.problems.length
		+ notices.reduce((sum, notice) => sum + (notice ? hangingRows('', notice, props.width) : 0), 0)
		+ keyHintRows(hints, props.width);
	const notesShown = props.notes.slice(0, Math.max(0, Math.min(4, props.maxLines - fixedRows - 3 - 2)));
	const notesRows = (notesShown.length > 0 ? 1 + notesShown.length : 0) + (props.notes.length > notesShown.length ? 1 : 0);
	const window = Math.max(3, props.maxLines - fixedRows - notesRows);
	// Saving and editing write into the output folder, which may refuse (not made by this tool):
	// that is a message on the screen, never a stack trace.
	const attempt = (action: () => void) => {
		try {
			action();
		} catch (error) {
			setMessage(`${error instanceof Error ? error.message : String(error)}${(error as {hint?: string}).hint ? `. ${(error as {hint?: string}).hint}` : ''}`);
		}
	};

	useKeys((input, key) => {
		if (key.downArrow || input === 'j') {
			setTop(current => Math.min(Math.max(0, lines.length - window), current + 1));
		} else if (key.upArrow || input === 'k') {
			setTop(current => Math.max(0, current - 1));
		} else if (key.return && !blocked) {
			props.onNext();
		} else if (key.escape) {
			props.onBack();
		} else if (key.pageDown || input === ' ') {
			setTop(current => Math.min(Math.max(0, lines.length - window), current + window));
		} else if (key.pageUp) {
			setTop(current => Math.max(0, current - window));
		} else if (key.home) {
			setTop(0);
		} else if (key.end) {
			setTop(Math.max(0, lines.length - window));
		} else if (input === 's') {
			attempt(() => {
				setSaved(props.onSave());
			});
		} else if (input === 'e') {
			attempt(() => {
				setMessage(props.onEdit());
			});
		} else if (input === 'd' && props.edited) {
			props.onDiscard();
		} else if (input === 't' && !props.edited) {
			props.onToggleSmokeTest();
		} else if (input === 'q') {
			props.onQuit();
		}
	});
	const numberWidth = String(lines.length).length;
	return (
		<Box flexDirection="column">
			{lines.slice(top, top + window).map((line, offset) => {
				const index = top + offset;
				const source = props.sourceMap[index];
				return (
					<CutRow key={index} width={props.width} segments={[
						{text: `${String(index + 1).padStart(numberWidth)} ${symbols.rule} `, dimColor: true},
						...defLine(line),
						...(source ? [{text: `   ${symbols.from} Dockerfile ${source}`, dimColor: true}] : []),
					]}/>
				);
			})}
			{lines.length > window ? <Paragraph dimColor>{`lines ${top + 1}-${Math.min(lines.length, top + window)} of ${lines.length}${ending ? '' : ` (${symbols.upDown}, PgUp/PgDn a page, Home/End)`}`}</Paragraph> : null}
			{notesShown.length > 0 ? <Text bold>What Apptainer does differently</Text> : null}
			{notesShown.map(note => <Text key={`${note.line}${note.message}`} wrap="truncate-end">{truncateEnd(`  Dockerfile ${note.line}: ${note.message}`, props.width)}</Text>)}
			{props.notes.length > notesShown.length ? <Text dimColor wrap="truncate-end">{truncateEnd(notesShown.length > 0 ? `  ${symbols.ellipsis} ${props.notes.length - notesShown.length} more (rescale-apptainer convert lists them)` : `${props.notes.length} note(s) on what Apptainer does differently: rescale-apptainer convert lists them`, props.width)}</Text> : null}
			{props.edited ? <Paragraph color={theme.warning}>{blocked ? 'Your edited def has problems apptainer build would refuse:' : `${symbols.done} Your edited def is used for the build (press d to go back to the generated one).`}</Paragraph> : null}
			{props.problems.map(problem => <Text key={`${problem.line}${problem.message}`} color={theme.error} wrap="truncate-end">{truncateEnd(`  line ${problem.line}: ${problem.message}`, props.width)}</Text>)}
			{props.smokeTest || props.edited ? null : <Paragraph color={theme.warning}>{smokeTestOff}</Paragraph>}
			{saved?.kept ? <Paragraph color={theme.warning}>{keptMessage(saved)}</Paragraph> : null}
			{saved && !saved.kept ? <Paragraph color={theme.success}>{`Saved ${saved.file}`}</Paragraph> : null}
			{message ? <Paragraph color={theme.error}>{message}</Paragraph> : null}
			<KeyHints hints={hints}/>
		</Box>
	);
}

const smokeTestOff = 'The %test smoke test is off: an import that fails is found only when the image runs on a paid GPU node.';

function keptMessage(saved: SavedDef): string {
	return `${saved.kept} was edited by hand since it was written here: kept as it is. This def is saved beside it as ${saved.file}.`;
}

/** A def line in styled parts: a %section, a header's key, a comment dimmed. */
function defLine(line: string): Segment[] {
	if (line.startsWith('%')) {
		return [{text: line, color: theme.accent, bold: true}];
	}

	const header = /^(Bootstrap|From|Stage):(.*)$/.exec(line);
	if (header) {
		return [{text: `${header[1]}:`, color: theme.heading}, {text: header[2]!}];
	}

	return [{text: line, dimColor: line.trimStart().startsWith('#')}];
}
