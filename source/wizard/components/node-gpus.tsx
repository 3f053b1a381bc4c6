import {Text} from 'ink';
import {parseNvidiaSmi} from '../../gpu/nvidia-smi.js';
import {truncateEnd} from '../cut-text.js';

/** The node's GPUs as its nvidia-smi line in the log reports them; nothing until that line arrives. */
export function NodeGpus({log, width}: {log: string[]; width: number}) {
	const gpus = parseNvidiaSmi(log.map(line => line.replace(/^\[[^\]]*\]:\s?/, '')).join('\n'));
	const first = gpus[0];
	if (!first) {
		return null;
	}

	return <Text wrap="truncate">{truncateEnd(`Node GPU: ${first.name}${gpus.length > 1 ? ` (x${gpus.length})` : ''}, driver ${first.driver}${first.sm === undefined ? '' : `, compute capability sm_${first.sm}`}`, width)}</Text>;
}
