import {Box, Text} from 'ink';
import {formatDollars} from '../../jobs/hardware.js';
import type {RunPlan} from '../../run/pipeline.js';
import {theme} from '../theme.js';
import {Paragraph} from '../components/paragraph.js';

/**
 * The run plan one fact per line, so nothing (least of all the cost ceiling) is cut off at 80
 * columns; the command wraps under its label. `confirm` shows every fact, `compact` three, and
 * `cost` (a finished run on a short terminal, whose plan is in the history) the cost alone.
 */
export function PlanLines({plan, simulated, mode}: {plan: RunPlan; simulated: boolean; mode: 'confirm' | 'compact' | 'cost'}) {
	const {hardware} = plan;
	const cost = hardware.maxCost === undefined ? 'not listed by the platform' : `at most ${formatDollars(hardware.maxCost)}${hardware.hourlyPrice === undefined ? '' : ` (${formatDollars(hardware.hourlyPrice)}/h)`}`;
	const costRow: [string, string] = ['Cost', `${cost}${simulated ? ', simulated: nothing is billed' : ''}`];
	const rows: Array<[string, string]> = mode === 'cost'
		? [costRow]
		: mode === 'compact'
			? [['Command', plan.command], ['On', `${hardware.coretypeName}, ${hardware.coresPerSlot} cores, ${hardware.gpus} GPU(s), ${hardware.walltime} h`], costRow]
			: [
				['Image', plan.sif.name],
				['Command', plan.command],
				['Coretype', `${hardware.coretypeName} (${hardware.coreType})`],
				['Node', `${hardware.coresPerSlot} cores, ${hardware.gpus} GPU(s)`],
				['Walltime', `${hardware.walltime} h (the job is stopped then)`],
				['Cost', cost],
				...(simulated ? [['', 'simulated: nothing is billed'] as [string, string]] : []),
			];
	return (
		<Box flexDirection="column">
			{rows.map(([label, value]) => (
				<Box key={label || value}>
					<Box width={10} flexShrink={0}><Text bold={label === 'Cost'}>{label}</Text></Box>
					<Paragraph color={label === 'Cost' ? theme.warning : undefined}>{value}</Paragraph>
				</Box>
			))}
		</Box>
	);
}
