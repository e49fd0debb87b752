/**
 * The action ids and button shape of the answers' buttons on Slack (a leaf module: `blocks.ts` and
 * `actions.ts` both use them).
 */

/** Action ids of our buttons (`app.action(ACTION_PATTERN)`). */
export const ACTION = { up: 'qb_vote_up', down: 'qb_vote_down', more: 'qb_more', share: 'qb_share' } as const;

/** Matches every action id of ours. */
export const ACTION_PATTERN = /^qb_(vote_up|vote_down|more|share)$/;

/** A Block Kit button. */
export interface SlackButton {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string; emoji?: boolean };
  value: string;
  style?: 'primary';
}

