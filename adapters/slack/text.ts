/**
 * Incoming Slack text to plain text. Slack sends message and slash-command text in its own markup: mentions
 * (`<@U123>`, `<@U123|name>`), broadcasts (`<!channel>`), channels (`<#C123|general>`), links
 * (`<https://…|label>`), and `&`, `<`, `>` as HTML entities. The engine wants the words the user typed.
 */

/**
 * Converts Slack markup to plain text: user mentions and broadcasts are dropped (they are addressing, not
 * part of the question), channels and links become their label, entities are decoded, spaces collapsed.
 */
export function slackToPlain(text: string): string {
  return text
    .replace(/<([^<>]*)>/g, (_all, inner: string) => {
      const [target = '', label] = inner.split('|', 2);
      if (target.startsWith('@') || target.startsWith('!')) return ' ';
      if (target.startsWith('#')) return label ? ` #${label} ` : ' ';
      return label ?? target;
    })
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
