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
 * The first of the `size` rows shown, so that row `index` is among them: the window moves as
 * little as it can from `offset`, and never past either end of the list.
 */
export function windowStart(index: number, offset: number, size: number, length: number): number {
	return Math.min(Math.max(offset, index - size + 1, 0), index, length - size);
}

/**
 * A list to pick from with ↑/↓ (or j/k), Enter, or the digit of a row shown, drawn by
 * ink-select-input. Its 6.2 key handler reads the highlight from its last render, so keys arriving
 * in one chunk (Down Down Enter from a fast typist or a key-repeat) moved it once and Enter picked
 * the old row; it also wraps (Up on the newest image went to the oldest). The keys are therefore
 * handled here, each one from where the one before left the highlight, clamped at the ends, and
 * SelectInput only draws: it is mounted again at the highlight and window each move leaves.
 * Items are keyed by `key` (or label), never by value.
 */
export function SelectList<T>({items, onSelect, initialIndex = 0, isActive = true, limit}: {items: Array<SelectItem<T>>; onSelect: (value: T) => void; initialIndex?: number; isActive?: boolean; limit?: number}) {
	const start = Math.min(initialIndex, Math.max(0, items.length - 1));
	const size = Math.min(limit ?? items.length, items.length);
	const rows = useMemo(() => items.map((item, index) => ({key: item.key ?? `${index}:${item.label}`, label: item.label, hint: item.hint, value: index})), [items]);
	// Step 5 asks its questions one after another in the same place: another list there starts afresh.
	const signature = rows.map(row => row.key).join('\n');
	const [place, setPlace] = useState(() => ({signature, index: start, offset: windowStart(start, 0, size, items.length)}));
	/** Where the keys handled so far left the highlight, ahead of the render that shows it. */
	const moved = useRef(place);
	if (place.signature !== signature) {
		moved.current = {signature, index: start, offset: windowStart(start, 0, size, items.length)};
		setPlace(moved.current);
	}

	const choose = useCallback((index: number) => {
		const item = items[index];
		if (item) {
			onSelect(item.value);
		}
	}, [items, onSelect]);
	useKeys((input, key) => {
		const {index} = moved.current;
		// A resize may have changed how many rows are shown since the last move.
		const offset = windowStart(index, moved.current.offset, size, items.length);
		if (key.return) {
			choose(index);
		} else if (key.upArrow || key.downArrow || input === 'k' || input === 'j') {
			const next = Math.min(Math.max(index + (key.upArrow || input === 'k' ? -1 : 1), 0), items.length - 1);
			if (next !== index) {
				moved.current = {signature, index: next, offset: windowStart(next, offset, size, items.length)};
				setPlace(moved.current);
			}
		} else if (/^[1-9]$/.test(input) && Number(input) <= size) {
			choose(offset + Number(input) - 1);
		}
	}, {isActive: isActive && items.length > 0});

	const offset = windowStart(place.index, place.offset, size, items.length);
	return (
		<SelectInput
			// SelectInput has no prop to move its highlight or its window: a move mounts it again.
			key={`${offset} ${place.index} ${size}`}
			items={rows.slice(offset, offset + size)}
			initialIndex={place.index - offset}
			isFocused={false}
			indicatorComponent={Indicator}
			itemComponent={Item as (props: {isSelected?: boolean; label: string}) => React.JSX.Element}
		/>
	);
}
