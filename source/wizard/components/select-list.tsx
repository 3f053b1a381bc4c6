import {Box, Text, useInput, type Key} from 'ink';
import SelectInput from 'ink-select-input';
import {useCallback, useMemo, useRef, useState} from 'react';
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
	const [anchor, setAnchor] = useState({index: start, generation: 0});
	const select = useCallback((row: {value: number} | undefined) => {
		// A digit key selects the item it names; Enter the one last highlighted.
		const index = lastKey.current === 'return' ? highlighted.current : row?.value;
		const item = index === undefined ? undefined : items[index];
		if (item) {
			onSelect(item.value);
		}
	}, [items, onSelect]);
	const highlight = useCallback((row: {value: number} | undefined) => {
		const wrapped = (lastKey.current === 'up' && highlighted.current === 0) || (lastKey.current === 'down' && highlighted.current === items.length - 1);
		if (wrapped) {
			const index = highlighted.current;
			setAnchor(current => ({index, generation: current.generation + 1}));
		} else if (row) {
			highlighted.current = row.value;
		}
	}, [items.length]);
	return (
		<>
			<KeyTracker lastKey={lastKey} isActive={isActive}/>
			<SelectInput
				key={anchor.generation}
				items={rows}
				initialIndex={anchor.index}
				isFocused={isActive && items.length > 0}
				limit={limit}
				indicatorComponent={Indicator}
				itemComponent={Item as (props: {isSelected?: boolean; label: string}) => React.JSX.Element}
				onSelect={select}
				onHighlight={highlight}
			/>
		</>
	);
}

type TrackedKey = 'return' | 'up' | 'down' | 'other';

/**
 * Notes which key is being handled (Enter, a move up or down). Rendered before SelectInput with a
 * handler that never changes, so its listener is registered first and stays first.
 */
function KeyTracker({lastKey, isActive}: {lastKey: React.RefObject<TrackedKey>; isActive: boolean}) {
	const track = useCallback((input: string, key: Key) => {
		lastKey.current = key.return ? 'return' : key.upArrow || input === 'k' ? 'up' : key.downArrow || input === 'j' ? 'down' : 'other';
	}, [lastKey]);
	useInput(track, {isActive});
	return null;
}
