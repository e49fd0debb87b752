/**
 * The bot's slash commands, localized in English (default) and French. `/corpus` is for moderators: it
 * carries `default_member_permissions` (Manage Server) and is guild-only; the adapter checks again at run
 * time.
 */
import {
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
} as const;

/** Custom id prefix of the `/corpus list` page buttons (`quotebot:corpus-list:PAGE`). */
export const CORPUS_LIST_BUTTON = 'quotebot:corpus-list:';

/** Builds the JSON bodies of every slash command, ready for `PUT /applications/{id}/commands`. */
export function commandDefinitions(): RESTPostAPIChatInputApplicationCommandsJSONBody[] {
  const everywhere = [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel];
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
        .setMaxLength(200),
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
        .setDescription('Add or update a document: an uploaded file or a link (Markdown, text, web page, PDF)')
        .setDescriptionLocalizations({ fr: 'Ajouter ou mettre à jour un document : fichier joint ou lien (Markdown, texte, page web, PDF)' })
        .addAttachmentOption((o) =>
          o.setName(COMMAND.optFile).setNameLocalizations({ fr: 'fichier' }).setDescription('The document file').setDescriptionLocalizations({ fr: 'Le fichier du document' }),
        )
        .addStringOption((o) =>
          o.setName(COMMAND.optUrl).setNameLocalizations({ fr: 'lien' }).setDescription('The link of a web page or PDF').setDescriptionLocalizations({ fr: 'Le lien d’une page web ou d’un PDF' }).setMaxLength(2000),
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
  return [ask, timeline, help, corpus].map((c) => c.toJSON());
}
