/**
 * The bot's slash commands, localized in English (default) and French. `/corpus` is for moderators: it
 * carries `default_member_permissions` (Manage Server) and is guild-only; the adapter checks again at run
 * time.
 *
 * Installation: the app can be added to a server (guild install) and by a user to their own account (user
 * install). `/ask`, `/timeline` and `/help` only read the corpus and answer the asker, so they are offered in
 * both and in every context (servers, the bot's DM, private channels — group DMs and DMs between users,
 * where the bot is not a member and answers through the interaction only). `/corpus` changes what every
 * user of the bot sees: server install only, in servers only.
 */
import {
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';

/** Longest question accepted by the `/ask` option (Discord caps string options at 6,000). */
export const ASK_MAX_LENGTH = 1000;

/** Names of the commands and options, as Discord sends them back in interactions. */
export const COMMAND = {
  ask: 'ask',
  timeline: 'timeline',
  help: 'help',
  corpus: 'corpus',
  refresh: 'refresh',
  status: 'status',
  report: 'report',
  optQuestion: 'question',
  optPrivate: 'private',
  optQuery: 'query',
  add: 'add',
  remove: 'remove',
  list: 'list',
  optFile: 'file',
  optUrl: 'url',
  optTitle: 'title',
  optPublished: 'published',
  optLanguage: 'language',
  optId: 'id',
  optFrom: 'from',
  optTo: 'to',
  optImage: 'image',
} as const;

/** Custom id prefix of the `/corpus list` page buttons (`quotebot:corpus-list:PAGE`). */
export const CORPUS_LIST_BUTTON = 'quotebot:corpus-list:';

/**
 * Longest `/timeline` filter: its page buttons carry it in their custom ids, which Discord caps at 100
 * characters (src/timeline/state.ts).
 */
export const TIMELINE_QUERY_MAX_LENGTH = 60;

/** Options of {@link commandDefinitions}. */
export interface CommandDefinitionOptions {
  /**
   * Registering globally (default): installation types and contexts are set. Discord takes them for global
   * commands only; commands registered for one server (`DISCORD_GUILD_ID`) are guild-install commands.
   */
  global?: boolean;
}

/** Builds the JSON bodies of every slash command, ready for `PUT /applications/{id}/commands`. */
export function commandDefinitions(opts: CommandDefinitionOptions = {}): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const global = opts.global ?? true;
  const everywhere = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel];
  const bothInstalls = [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall];
  const ask = new SlashCommandBuilder()
    .setName(COMMAND.ask)
    .setNameLocalizations({ fr: 'question' })
    .setDescription('Ask a question about the news corpus; the answer quotes the articles')
    .setDescriptionLocalizations({ fr: 'Posez une question sur le corpus ; la réponse cite les articles' })
    .setContexts(everywhere)
    .addStringOption((o) =>
      o
        .setName(COMMAND.optQuestion)
        .setNameLocalizations({ fr: 'question' })
        .setDescription('Your question, in English or French')
        .setDescriptionLocalizations({ fr: 'Votre question, en français ou en anglais' })
        .setRequired(true)
        .setMaxLength(ASK_MAX_LENGTH),
    )
    .addBooleanOption((o) =>
      o
        .setName(COMMAND.optPrivate)
        .setNameLocalizations({ fr: 'prive' })
        .setDescription('Only you see the answer')
        .setDescriptionLocalizations({ fr: 'Vous seul voyez la réponse' }),
    );
  const timeline = new SlashCommandBuilder()
    .setName(COMMAND.timeline)
    .setNameLocalizations({ fr: 'chronologie' })
    .setDescription('The dated events of the corpus, in calendar order')
    .setDescriptionLocalizations({ fr: 'Les événements datés du corpus, dans l’ordre chronologique' })
    .setContexts(everywhere)
    .addStringOption((o) =>
      o
        .setName(COMMAND.optQuery)
        .setNameLocalizations({ fr: 'filtre' })
        .setDescription('Only the passages matching these words')
        .setDescriptionLocalizations({ fr: 'Seulement les passages qui contiennent ces mots' })
        .setMaxLength(TIMELINE_QUERY_MAX_LENGTH),
    )
    .addStringOption((o) =>
      o
        .setName(COMMAND.optFrom)
        .setNameLocalizations({ fr: 'du' })
        .setDescription('First date: 2026, 2026-02 or 2026-02-24')
        .setDescriptionLocalizations({ fr: 'Première date : 2026, 2026-02 ou 2026-02-24' })
        .setMaxLength(10),
    )
    .addStringOption((o) =>
      o
        .setName(COMMAND.optTo)
        .setNameLocalizations({ fr: 'au' })
        .setDescription('Last date: 2026, 2026-03 or 2026-03-02')
        .setDescriptionLocalizations({ fr: 'Dernière date : 2026, 2026-03 ou 2026-03-02' })
        .setMaxLength(10),
    )
    .addBooleanOption((o) =>
      o
        .setName(COMMAND.optImage)
        .setNameLocalizations({ fr: 'image' })
        .setDescription('Attach a picture of the events on a time axis')
        .setDescriptionLocalizations({ fr: 'Joindre une image des événements sur un axe du temps' }),
    )
    .addBooleanOption((o) =>
      o
        .setName(COMMAND.optPrivate)
        .setNameLocalizations({ fr: 'prive' })
        .setDescription('Only you see the timeline')
        .setDescriptionLocalizations({ fr: 'Vous seul voyez la chronologie' }),
    );
  const help = new SlashCommandBuilder()
    .setName(COMMAND.help)
    .setNameLocalizations({ fr: 'aide' })
    .setDescription('How to use the bot')
    .setDescriptionLocalizations({ fr: 'Comment utiliser le bot' })
    .setContexts(everywhere);
  const corpus = new SlashCommandBuilder()
    .setName(COMMAND.corpus)
    .setNameLocalizations({ fr: 'corpus' })
    .setDescription('Moderators: manage the corpus')
    .setDescriptionLocalizations({ fr: 'Modérateurs : gérer le corpus' })
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setContexts([InteractionContextType.Guild])
    .addSubcommand((s) =>
      s
        .setName(COMMAND.refresh)
        .setNameLocalizations({ fr: 'recharger' })
        .setDescription('Re-read the corpus and put the new index in service')
        .setDescriptionLocalizations({ fr: 'Relire le corpus et mettre le nouvel index en service' }),
    )
    .addSubcommand((s) =>
      s
        .setName(COMMAND.status)
        .setNameLocalizations({ fr: 'etat' })
        .setDescription('The index in service: version, documents, passages')
        .setDescriptionLocalizations({ fr: 'L’index en service : version, documents, passages' }),
    )
    .addSubcommand((s) =>
      s
        .setName(COMMAND.report)
        .setNameLocalizations({ fr: 'rapport' })
        .setDescription('What people asked that the corpus does not answer, ratings, citations')
        .setDescriptionLocalizations({ fr: 'Ce que le corpus ne couvre pas, les votes, les citations' }),
    )
    .addSubcommand((s) =>
      s
        .setName(COMMAND.add)
        .setNameLocalizations({ fr: 'ajouter' })
        .setDescription('Add or update a document: an uploaded file or a link (Markdown, text, web page, PDF, Word, ODT)')
        .setDescriptionLocalizations({ fr: 'Ajouter ou mettre à jour un document : fichier ou lien (Markdown, texte, page web, PDF, Word, ODT)' })
        .addAttachmentOption((o) =>
          o.setName(COMMAND.optFile).setNameLocalizations({ fr: 'fichier' }).setDescription('The document file').setDescriptionLocalizations({ fr: 'Le fichier du document' }),
        )
        .addStringOption((o) =>
          o.setName(COMMAND.optUrl).setNameLocalizations({ fr: 'lien' }).setDescription('The link of a web page, PDF, Word or OpenDocument file').setDescriptionLocalizations({ fr: 'Le lien d’une page web, d’un PDF, d’un fichier Word ou OpenDocument' }).setMaxLength(2000),
        )
        .addStringOption((o) =>
          o.setName(COMMAND.optTitle).setNameLocalizations({ fr: 'titre' }).setDescription('Its title, if the document’s own is wrong').setDescriptionLocalizations({ fr: 'Son titre, si celui du document ne convient pas' }).setMaxLength(300),
        )
        .addStringOption((o) =>
          o.setName(COMMAND.optPublished).setNameLocalizations({ fr: 'publie' }).setDescription('Publication date, YYYY-MM-DD').setDescriptionLocalizations({ fr: 'Date de publication, AAAA-MM-JJ' }).setMinLength(10).setMaxLength(10),
        )
        .addStringOption((o) =>
          o
            .setName(COMMAND.optLanguage)
            .setNameLocalizations({ fr: 'langue' })
            .setDescription('Its language, if detected wrong')
            .setDescriptionLocalizations({ fr: 'Sa langue, si elle est mal détectée' })
            .addChoices({ name: 'français', value: 'fr' }, { name: 'English', value: 'en' }),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName(COMMAND.remove)
        .setNameLocalizations({ fr: 'retirer' })
        .setDescription('Remove a document from the corpus')
        .setDescriptionLocalizations({ fr: 'Retirer un document du corpus' })
        .addStringOption((o) =>
          o
            .setName(COMMAND.optId)
            .setNameLocalizations({ fr: 'document' })
            .setDescription('The document (type to search the titles)')
            .setDescriptionLocalizations({ fr: 'Le document (tapez pour chercher dans les titres)' })
            .setRequired(true)
            .setAutocomplete(true)
            .setMaxLength(128),
        ),
    )
    .addSubcommand((s) =>
      s
        .setName(COMMAND.list)
        .setNameLocalizations({ fr: 'liste' })
        .setDescription('The documents of the corpus, who added them and when')
        .setDescriptionLocalizations({ fr: 'Les documents du corpus, qui les a ajoutés et quand' }),
    );
  if (global) {
    for (const c of [ask, timeline, help]) c.setIntegrationTypes(bothInstalls);
    corpus.setIntegrationTypes([ApplicationIntegrationType.GuildInstall]);
  }
  return [ask, timeline, help, corpus].map((c) => {
    const json = c.toJSON();
    if (!global) delete json.contexts;
    return json;
  });
}

let localized: Map<string, Record<string, string>> | undefined;

/**
 * Replaces the command names in a help text (`/ask`, `/corpus refresh`… in backticks) by the names the
 * user's client shows for `locale` (a French client shows `/question`, `/corpus recharger`). Names without a
 * localization, and text that names no command, are left as they are.
 */
export function localizeCommandNames(text: string, locale: string): string {
  if (!localized) {
    localized = new Map();
    for (const c of commandDefinitions()) {
      localized.set(c.name, (c.name_localizations ?? {}) as Record<string, string>);
      for (const o of c.options ?? []) {
        if (o.type === 1) localized.set(`${c.name} ${o.name}`, (o.name_localizations ?? {}) as Record<string, string>);
      }
    }
  }
  const map = localized;
  const key = locale.toLowerCase().startsWith('fr') ? 'fr' : locale;
  return text.replace(/`\/([a-z_-]+)(?: ([a-z_-]+))?`/g, (all, cmd: string, sub: string | undefined) => {
    if (!map.has(cmd)) return all;
    const name = map.get(cmd)![key] ?? cmd;
    const subName = sub && map.has(`${cmd} ${sub}`) ? (map.get(`${cmd} ${sub}`)![key] ?? sub) : sub;
    return `\`/${name}${subName ? ` ${subName}` : ''}\``;
  });
}
