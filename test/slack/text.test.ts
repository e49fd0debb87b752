/**
 * Incoming Slack markup to plain text.
 */
import { describe, expect, it } from 'vitest';
import { slackToPlain } from '../../adapters/slack/text.js';

describe('slackToPlain', () => {
  it('drops user mentions and broadcasts', () => {
    expect(slackToPlain('<@UBOT> when was <!channel> the <@U1|bob> ultimatum <!subteam^S1|@team>?')).toBe('when was the ultimatum ?');
  });

  it('keeps channel names and link labels, or the bare URL', () => {
    expect(slackToPlain('see <#C123|general> and <https://a.b/c|the article> or <https://x.y>')).toBe('see #general and the article or https://x.y');
  });

  it('decodes the entities Slack uses for &, < and >', () => {
    expect(slackToPlain('a &amp;lt; b &lt;!channel&gt; &amp; c')).toBe('a &lt; b <!channel> & c');
  });

  it('returns an empty string for markup only', () => {
    expect(slackToPlain('  <@UBOT>  ')).toBe('');
  });
});
