import {Box, Text} from 'ink';
import {useRef, useState, type ReactNode} from 'react';
import type {Finding} from '../../dockerfile/finding.js';
import {HangingText, hangingRows} from '../components/hanging-text.js';
import {KeyHints, keyHintRows, type KeyHint} from '../components/key-hints.js';
import {Paragraph} from '../components/paragraph.js';
import {useKeys} from '../input/use-keys.js';
import {symbols, theme} from '../theme.js';
import {truncateEnd} from '../cut-text.js';

const colors = {error: theme.error, warning: theme.warning, info: theme.accent} as const;
const headings = {error: 'Errors', warning: 'Warnings', info: 'Notes'} as const;

export type ValidateStepProps = {
	file: string;
	text: string;
	findings: Finding[];
	fixes: string[];
	override: boolean;
	/** Errors that leave no def to build (syntax, no FROM): no "continue anyway", nothing could work. */
	unconvertible: boolean;
	/** Rows the whole step may take: the live frame must stay shorter than the terminal. */
	maxLines: number;
	width: number;
	/** Applies the suggested fixes and returns the findings that remain. */
	onApplyFixes: () => Finding[];
	onOverride: () => void;
	onWriteBack: () => string;
	onNext: () => void;
	onQuit: () => void;
};

/** Step 1: findings by severity with line and text; one key applies the suggested fixes. */
export function ValidateStep(props: ValidateStepProps) {
	const {findings, fixes} = props;
	const [message, setMessage] = useState<string>();
	const errors = findings.filter(finding => finding.severity === 'error');
	const fixable = findings.some(finding => finding.edit);
	const blocked = errors.length > 0 && !props.override;
	const hints: KeyHint[] = [
		{key: 'Enter', label: blocked ? (fixable ? 'apply the fix' : 'see how to go on') : 'continue'},
		...(fixable ? [{key: 'f', label: 'apply fixes'}] : []),
		...(fixes.length > 0 ? [{key: 'w', label: 'write the fixed Dockerfile (keeps a .bak)'}] : []),
		...(blocked && !props.unconvertible ? [{key: 'o', label: 'continue anyway'}] : []),
		{key: 'q', label: 'quit'},
	];
	// Keys of one chunk (`f` + Enter) are handled in order: each sees what the previous one did.
	const current = useRef({findings, override: props.override, unconvertible: props.unconvertible});
	current.current = {findings, override: props.override, unconvertible: props.unconvertible};
	const applyFixes = () => {
		current.current = {...current.current, findings: props.onApplyFixes()};
	};

	useKeys((input, key) => {
		const now = current.current;
		const isBlocked = now.findings.some(finding => finding.severity === 'error') && !now.override;
		const canFix = now.findings.some(finding => finding.edit);
		if (key.return) {
			if (!isBlocked) {
				props.onNext();
			} else if (canFix) {
				applyFixes();
			} else {
				setMessage(now.unconvertible ? 'No def can be made from this Dockerfile until these errors are fixed: fix it and start again (nothing was uploaded).' : 'These errors would fail the build or the first run. Fix the Dockerfile and start again, or press o to continue anyway.');
			}
		} else if (input === 'f' && canFix) {
			applyFixes();
		} else if (input === 'o' && isBlocked && !now.unconvertible) {
			props.onOverride();
		} else if (input === 'w' && fixes.length > 0) {
			try {
				setMessage(`Wrote ${props.file} (the original is in ${props.onWriteBack()}).`);
			} catch (error) {
				setMessage(`Could not write ${props.file}: ${error instanceof Error ? error.message : String(error)}`);
			}
		} else if (input === 'q') {
			props.onQuit();
		}
	});
	const sourceLines = props.text.split('\n');
	// Each line with the rows it takes once wrapped, so the list fits the rows it is given.
	const lines: Line[] = [];
	for (const severity of ['error', 'warning', 'info'] as const) {
		const group = findings.filter(finding => finding.severity === severity);
		if (group.length > 0) {
			lines.push({key: severity, rows: 1, node: <Text bold color={colors[severity]}>{`${headings[severity]} (${group.length})`}</Text>});
		}

		for (const [index, finding] of group.entries()) {
			// Each finding is read in full, wrapped under its text: what does not fit is left to
			// `validate`, named below, never cut mid-sentence (a warning's driver version was lost so).
			const lead = `  line ${finding.line} `;
			lines.push({key: `${severity}${index}`, finding, rows: hangingRows(lead, `${finding.rule}: ${finding.message}`, props.width), node: <HangingText lead={lead}><Text color={colors[severity]}>{finding.rule}</Text>{`: ${finding.message}`}</HangingText>});
			lines.push({key: `${severity}${index}src`, rows: 1, node: <Text dimColor wrap="truncate">{truncateEnd(`    > ${sourceLines[finding.line - 1]?.trim() ?? ''}`, props.width)}</Text>});
			if (finding.fix) {
				lines.push({key: `${severity}${index}fix`, fixOf: finding, rows: hangingRows('    fix: ', finding.fix, props.width), node: <HangingText lead="    fix: ">{finding.fix}</HangingText>});
			}
		}
	}

	// The step's own rows (file, summary, the applied fixes, a message, the more-line and the hints) come first.
	const fixRows = fixes.reduce((sum, fix) => sum + hangingRows(`${symbols.done} fixed `, fix, props.width), 0);
	const closingRows = (message ? hangingRows('', message, props.width) : 0) + 1 + keyHintRows(hints, props.width);
	let shown = fitLines(lines, props.maxLines - 2 - fixRows - closingRows);
	let own = {file: true, summary: true, fixes: true};
	// The finding whose fix Enter or f applies stays in view with the keys, at least its first row and
	// its fix in one row, whatever else goes: the user is never asked to apply a fix they cannot read.
	const fixed = lines.find(line => line.finding?.edit);
	const fixLine = lines.find(line => line.fixOf && line.fixOf === fixed?.finding);
	if (fixed && fixLine && !(shown.some(line => line.key === fixed.key) && shown.some(line => line.key === fixLine.key))) {
		let room = props.maxLines - closingRows;
		const take = (rows: number) => {
			room -= rows;
			return room >= 0;
		};

		// Which Dockerfile and how it stands come first, when those two rows of the finding still fit under them.
		const head = room >= 2 + 2 && take(2);
		// The finding as whole as the rows allow with one left for its fix; the fix whole, or in one row cut short.
		const findingRows = Math.max(1, Math.min(fixed.rows, room - 1));
		room -= findingRows;
		const fixWhole = fixLine.rows <= room;
		room -= fixWhole ? fixLine.rows : 1;
		// Then, while rows are left: the group's heading and the fixes applied; the other findings are cut.
		const heading = take(1) ? lines.filter(line => line.key === fixed.finding!.severity) : [];
		own = {file: head, summary: head, fixes: take(fixRows)};
		shown = [
			...heading,
			findingRows < fixed.rows ? {...fixed, clip: findingRows} : fixed,
			fixWhole ? fixLine : {...fixLine, node: <Text wrap="truncate">{truncateEnd(`    fix: ${fixLine.fixOf!.fix!}`, props.width)}</Text>},
		];
	}

	const cut = shown.some(line => line.clip !== undefined);
	return (
		<Box flexDirection="column">
			{own.file ? <Text wrap="truncate">{pathTail(props.file, props.width)}</Text> : null}
			{own.summary ? (
				<Paragraph>
					{findings.length === 0 ? <Text color={theme.success}>No problems found.</Text> : `${errors.length} error(s), ${findings.length - errors.length} warning(s) and note(s)`}
				</Paragraph>
			) : null}
			{own.fixes ? fixes.map(fix => <HangingText key={fix} lead={`${symbols.done} fixed `} color={theme.success}>{fix}</HangingText>) : null}
			{shown.map(line => <Box key={line.key} height={line.clip} overflow="hidden">{line.node}</Box>)}
			{lines.length > shown.length || cut ? <Text dimColor wrap="truncate-end">{truncateEnd(`${symbols.ellipsis} ${lines.length > shown.length ? `${lines.length - shown.length} more lines` : 'cut to fit'} (rescale-apptainer validate shows them all)`, props.width)}</Text> : null}
			{message ? <Paragraph color={theme.warning}>{message}</Paragraph> : null}
			<KeyHints hints={hints}/>
		</Box>
	);
}

/** `file` within `width` columns: a long path loses its start, never the file's own name at its end. */
function pathTail(file: string, width: number): string {
	const characters = [...file];
	for (let start = 0; start < characters.length; start++) {
		const shown = start === 0 ? file : `${symbols.ellipsis}${characters.slice(start).join('')}`;
		if (truncateEnd(shown, width) === shown) {
			return shown;
		}
	}

	return truncateEnd(file, width);
}

/** A row of the findings list: a heading, a finding, its source line or its fix, with the rows it takes. */
type Line = {key: string; node: ReactNode; rows: number; finding?: Finding; fixOf?: Finding; clip?: number};

/** Lines in order while they fit in `budget` rows; the first finding is shown cut to the rows left (two at least) on a short terminal. */
function fitLines(lines: Line[], budget: number): Line[] {
	const shown: Line[] = [];
	for (const [index, line] of lines.entries()) {
		// A group's heading only with its first finding (the very first may be cut to two rows): alone it would say nothing.
		const heading = line.key === 'error' || line.key === 'warning' || line.key === 'info';
		const next = lines[index + 1]?.rows ?? 1;
		if (heading && line.rows + (index === 0 ? Math.min(2, next) : next) > budget) {
			break;
		}

		if (line.rows <= budget) {
			shown.push(line);
			budget -= line.rows;
		} else if (index < 2) {
			const clip = Math.max(2, budget);
			shown.push({...line, clip});
			budget -= clip;
		} else {
			break;
		}
	}

	return shown;
}
