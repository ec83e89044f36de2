// Files from the picker, a drop or a paste: each uploaded with its progress shown (type and size are the server's
// to check), then sent as a message of its own. The first file of a new visitor starts the conversation.
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ConversationController } from './conversation-controller.js';

export class UploadController implements ReactiveController {
  /** The file being uploaded and how far along it is (0-1). */
  uploading: { name: string; fraction: number } | null = null;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly conversation: ConversationController,
  ) {
    host.addController(this);
  }

  /** Off the page: no progress bar is left behind for when the element comes back. */
  hostDisconnected() {
    this.uploading = null;
  }

  private progress(name: string, fraction: number) {
    this.uploading = { name, fraction };
    this.host.requestUpdate();
  }

  /** Uploads and sends the files in order; the first failure stops the rest and is thrown. */
  async send(files: File[]) {
    if (!files.length) return;
    const c = this.conversation;
    try {
      const id = c.conversationId ?? (await c.ensure(files.map((f) => f.name).join(', ')));
      for (const file of files) {
        this.progress(file.name, 0);
        const attachment = await c.client.uploadFile(id, file, file.name, {
          onProgress: (loaded, total) => this.progress(file.name, total ? loaded / total : 0),
        });
        await c.sendAttachment(attachment);
      }
    } finally {
      this.uploading = null;
      this.host.requestUpdate();
    }
  }
}
