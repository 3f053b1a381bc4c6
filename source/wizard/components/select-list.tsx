import {Box, Text} from 'ink';
import SelectInput from 'ink-select-input';
import {useCallback, useMemo, useRef, useState} from 'react';
import {useKeys} from '../input/use-keys.js';
import {symbols, theme} from '../theme.js';
import {Paragraph} from './paragraph.js';

export type SelectItem<T> = {label: string; value: T; hint?: string; key?: string};

type Row = {label: string; hint?: string; isSelected?: boolean};

function Indicator({isSelected}: {isSelected?: boolean}) {
	return <Box width={2} flexShrink={0}><Text color={theme.accent}>{isSelected ? symbols.pointer : ' '}</Text></Box>;
}

/** Label and hint wrap under themselves (a hanging indent), so a price is never cut off. */
function Item({label, hint, isSelected}: Row) {
	return (
		<Paragraph color={isSelected ? theme.accent : undefined}>
			{label}
			{hint ? <Text dimColor>{`  ${hint}`}</Text> : null}
		</Paragraph>
	);
}

/**
 * A list to pick from with ↑/↓ (or j/k) and Enter, on ink-select-input. Its 6.2 handler reads the
 * selected index from the last render, so Down and Enter arriving in one chunk would pick the old
 * item; its `onHighlight`, though, reports each move as it is handled. Enter therefore selects
 * what `onHighlight` last reported. Items are keyed by `key` (or label), never by value.
 *
 * ink-select-input also wraps (Up on the first item goes to the last: on a list of images, newest
 * first, to the oldest). A move past either end is not taken: the highlight stays, and the list is
 * drawn again from there (a new SelectInput, since it has no prop to move its highlight).
 */
export function SelectList<T>({items, onSelect, initialIndex = 0, isActive = true, limit}: {items: Array<SelectItem<T>>; onSelect: (value: T) => void; initialIndex?: number; isActive?: boolean; limit?: number}) {
	const start = Math.min(initialIndex, Math.max(0, items.length - 1));
	const rows = useMemo(() => items.map((item, index) => ({key: item.key ?? `${index}:${item.label}`, label: item.label, hint: item.hint, value: index})), [items]);
	const highlighted = useRef(start);
	const lastKey = useRef<TrackedKey>('other');
	// Step 5 asks its questions one after another in the same place: another list there starts
	// afresh. ink-select-input alone would keep its highlight (it compares the values, indexes here).
	const signature = rows.map(row => row.key).join('\n');
	const [anchor, setAnchor] = useState({index: start, generation: 0, signature});
	if (anchor.signature !== signature) {
		highlighted.current = start;
		setAnchor({index: start, generation: anchor.generation + 1, signature});
	}

	const choose = useCallback((index: number | undefined) => {
		const item = index === undefined ? undefined : items[index];
		if (item) {
			onSelect(item.value);
		}
	}, [items, onSelect]);
	// Enter is taken by the KeyTracker, once per Enter even when several come in one chunk; from
	// ink-select-input only a digit's choice, the item it names.
	const selectDigit = useCallback((row: {value: number} | undefined) => {
		if (lastKey.current !== 'return') {
			choose(row?.value);
		}
	}, [choose]);
	const highlight = useCallback((row: {value: number} | undefined) => {
		const wrapped = (lastKey.current === 'up' && highlighted.current === 0) || (lastKey.current === 'down' && highlighted.current === items.length - 1);
		if (wrapped) {
			const index = highlighted.current;
			setAnchor(current => ({...current, index, generation: current.generation + 1}));
		} else if (row) {
			highlighted.current = row.value;
		}
	}, [items.length]);
	return (
		<>
			<KeyTracker
				lastKey={lastKey}
				isActive={isActive && items.length > 0}
				onEnter={() => {
					choose(highlighted.current);
				}}
			/>
			<SelectInput
				key={anchor.generation}
				items={rows}
				initialIndex={anchor.index}
				isFocused={isActive && items.length > 0}
				limit={limit}
				indicatorComponent={Indicator}
				itemComponent={Item as (props: {isSelected?: boolean; label: string}) => React.JSX.Element}
				onSelect={selectDigit}
				onHighlight={highlight}
			/>
		</>
	);
}

type TrackedKey = 'return' | 'up' | 'down' | 'other';

/**
 * Notes which key is being handled (Enter, a move up or down) and takes Enter itself. Its key map
 * is registered before SelectInput's, so each key is noted before SelectInput handles it.
 */
function KeyTracker({lastKey, isActive, onEnter}: {lastKey: React.RefObject<TrackedKey>; isActive: boolean; onEnter: () => void}) {
	useKeys((input, key) => {
		lastKey.current = key.return ? 'return' : key.upArrow || input === 'k' ? 'up' : key.downArrow || input === 'j' ? 'down' : 'other';
		if (key.return) {
			onEnter();
		}
	}, {isActive});
	return null;
}
