import {Text} from 'ink';
import {symbols} from '../theme.js';
import {useLineEditor} from './text-field.js';

/** A masked input: shows a fixed-width mask, never the secret; readline keys edit it. */
export function SecretInput({initial = '', onSubmit, isActive = true}: {initial?: string; onSubmit: (secret: string) => void; isActive?: boolean}) {
	const {value} = useLineEditor(initial, onSubmit, isActive);
	return <Text>{value.length > 0 ? `${symbols.mask.repeat(Math.min(value.length, 24))} (${value.length} characters)` : <Text dimColor>paste or type the key, then Enter</Text>}</Text>;
}
