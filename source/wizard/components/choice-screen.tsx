import {Box} from 'ink';
import {wrappedRows} from '../cut-text.js';
import {KeyHints, keyHintRows, type KeyHint} from './key-hints.js';
import {listLimit} from './list-limit.js';
import {Paragraph} from './paragraph.js';
import {SelectList, type SelectItem} from './select-list.js';

/** A question, the list to answer it from and the keys, within `rows` rows: a long list scrolls. */
export function ChoiceScreen<T>({question, items, hints, rows, width, onSelect}: {question: string; items: Array<SelectItem<T>>; hints: KeyHint[]; rows: number; width: number; onSelect: (value: T) => void}) {
	const limit = listLimit(items, rows - wrappedRows(question, width) - keyHintRows(hints, width), width);
	return (
		<Box flexDirection="column">
			<Paragraph>{question}</Paragraph>
			<SelectList limit={limit} items={items} onSelect={onSelect}/>
			<KeyHints hints={hints}/>
		</Box>
	);
}
