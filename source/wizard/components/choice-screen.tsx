import {Box, Text} from 'ink';
import {wrappedRows} from '../cut-text.js';
import {symbols} from '../theme.js';
import {KeyHints, keyHintRows, type KeyHint} from './key-hints.js';
import {listLimit} from './list-limit.js';
import {Paragraph} from './paragraph.js';
import {SelectList, type SelectItem} from './select-list.js';

/** A question, the list to answer it from and the keys, within `rows` rows: a long list scrolls. */
export function ChoiceScreen<T>({question, items, hints, rows, width, onSelect}: {question: string; items: Array<SelectItem<T>>; hints: KeyHint[]; rows: number; width: number; onSelect: (value: T) => void}) {
	const room = rows - wrappedRows(question, width) - keyHintRows(hints, width);
	const all = listLimit(items, room, width);
	// A list that scrolls says so, on a row of its own.
	const limit = all < items.length ? listLimit(items, room - 1, width) : all;
	return (
		<Box flexDirection="column">
			<Paragraph>{question}</Paragraph>
			<SelectList limit={limit} items={items} onSelect={onSelect}/>
			{limit < items.length ? <Text dimColor>{`  ${items.length - limit} more (${symbols.upDown} to scroll)`}</Text> : null}
			<KeyHints hints={hints}/>
		</Box>
	);
}
