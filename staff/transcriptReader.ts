/** One line of a conversation's transcript, as staff read it. */
export interface TranscriptLine {
  at: string;
  from: 'person' | 'bot';
  text: string;
}

/** The conversation so far, kept by the bot's transcript logger (bot/journalTranscriptStore.ts). */
export interface TranscriptReader {
  read(conversationId: string): Promise<TranscriptLine[]>;
}
