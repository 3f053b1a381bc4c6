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
	const lines: Array<{key: string; node: ReactNode; rows?: number}> = [];
	for (const severity of ['error', 'warning', 'info'] as const) {
		const group = findings.filter(finding => finding.severity === severity);
		if (group.length > 0) {
			lines.push({key: severity, node: <Text bold color={colors[severity]}>{`${headings[severity]} (${group.length})`}</Text>});
		}

		for (const [index, finding] of group.entries()) {
			// Each finding is read in full, wrapped under its text: what does not fit is left to
			// `validate`, named below, never cut mid-sentence (a warning's driver version was lost so).
			const lead = `  line ${finding.line} `;
			lines.push({key: `${severity}${index}`, rows: hangingRows(lead, `${finding.rule}: ${finding.message}`, props.width), node: <HangingText lead={lead}><Text color={colors[severity]}>{finding.rule}</Text>{`: ${finding.message}`}</HangingText>});
			lines.push({key: `${severity}${index}src`, node: <Text dimColor wrap="truncate">{truncateEnd(`    > ${sourceLines[finding.line - 1]?.trim() ?? ''}`, props.width)}</Text>});
			if (finding.fix) {
				lines.push({key: `${severity}${index}fix`, rows: hangingRows('    fix: ', finding.fix, props.width), node: <HangingText lead="    fix: ">{finding.fix}</HangingText>});
			}
		}
	}

	// The step's own rows (file, summary, the applied fixes, a message, the more-line and the hints) come first.
	const fixRows = fixes.reduce((sum, fix) => sum + hangingRows(`${symbols.done} fixed `, fix, props.width), 0);
	let budget = props.maxLines - 2 - fixRows - (message ? hangingRows('', message, props.width) : 0) - 1 - keyHintRows(hints, props.width);
	// Lines in order while they fit; the first finding is shown cut to the rows left (two at least) on a short terminal.
	const shown: Array<(typeof lines)[number] & {clip?: number}> = [];
	for (const [index, line] of lines.entries()) {
		const rows = line.rows ?? 1;
		// A group's heading only with its first finding (the very first may be cut to two rows): alone it would say nothing.
		const heading = line.key === 'error' || line.key === 'warning' || line.key === 'info';
		const next = lines[index + 1]?.rows ?? 1;
		if (heading && rows + (index === 0 ? Math.min(2, next) : next) > budget) {
			break;
		}

		if (rows <= budget) {
			shown.push(line);
			budget -= rows;
		} else if (index < 2) {
			const clip = Math.max(2, budget);
			shown.push({...line, clip});
			budget -= clip;
		} else {
			break;
		}
	}

	const cut = shown.some(line => line.clip !== undefined);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate">{truncateEnd(props.file, props.width)}</Text>
			<Paragraph>
				{findings.length === 0 ? <Text color={theme.success}>No problems found.</Text> : `${errors.length} error(s), ${findings.length - errors.length} warning(s) and note(s)`}
			</Paragraph>
			{fixes.map(fix => <HangingText key={fix} lead={`${symbols.done} fixed `} color={theme.success}>{fix}</HangingText>)}
			{shown.map(line => <Box key={line.key} height={line.clip} overflow="hidden">{line.node}</Box>)}
			{lines.length > shown.length || cut ? <Text dimColor wrap="truncate-end">{truncateEnd(`${symbols.ellipsis} ${lines.length > shown.length ? `${lines.length - shown.length} more lines` : 'cut to fit'} (rescale-apptainer validate shows them all)`, props.width)}</Text> : null}
			{message ? <Paragraph color={theme.warning}>{message}</Paragraph> : null}
			<KeyHints hints={hints}/>
		</Box>
	);
}
