// The widget's strings. English is the fallback; the locale comes from the `locale` attribute or the browser.
// Arabic is written right to left (`directionOf`).
export interface Strings {
  open: string;
  close: string;
  title: string;
  placeholder: string;
  send: string;
  messages: string;
  typing(name: string): string;
  someone: string;
  queue(position: number, minutes: number | null): string;
  offline: string;
  you: string;
  read: string;
  sent: string;
  empty: string;
  attach: string;
  uploadFailed(reason: string): string;
  rateTitle: string;
  rateStar(n: number): string;
  rateComment: string;
  rateSend: string;
  rateThanks: string;
  ended: string;
  endChat: string;
  endConfirm: string;
  endYes: string;
  endNo: string;
  startNew: string;
  sendFailed: string;
  originRefused: string;
  name: string;
  email: string;
  subject: string;
  start: string;
  prechatTitle: string;
  offlineTitle: string;
  offlineMessage: string;
  offlineSend: string;
  offlineThanks: string;
  emoji: string;
  transcript: string;
  sending: string;
  delivered: string;
  online: string;
  away: string;
  transcriptSent(to: string): string;
  transcriptConfirm(to: string): string;
  transcriptFailed: string;
  offlineTitleNoEmail: string;
  offlineThanksNoEmail: string;
  awayNoEmail: string;
  /** While away in a site that lets visitors chat anyway (offline mode `chat`). */
  awayChat: string;
  /** When the team is back (outside business hours); `when` is already formatted for the visitor. */
  backAt(when: string): string;
  /** The preview beside the closed launcher: who wrote, for screen readers. */
  newMessage(name: string): string;
  /** Dismisses that preview. */
  dismiss: string;
  /** A message that is only a file. */
  fileSent: string;
  /** The home screen: how fast the team typically answers (computed by the server from recent chats). */
  repliesMinutes(n: number): string;
  repliesHours(n: number): string;
  repliesDay: string;
  /** The home screen's list of a returning visitor's earlier conversations, and how each stands. */
  recent: string;
  conversation: string;
  statusOpen: string;
  statusEnded: string;
  /** The server's system lines, said in the visitor's language (their meaning travels in the message's metadata). */
  systemJoined(name: string): string;
  systemTransferred(team: string): string;
  systemUnavailable(name: string): string;
  systemReturned: string;
  /** An agent merged another of the visitor's conversations into this one. */
  systemMerged: string;
  /** Reactions: the button that offers them, and a reaction's count for screen readers. */
  react: string;
  reacted(n: number, mine: boolean): string;
}

export const catalogue: Record<'en' | 'de' | 'fr' | 'es' | 'pt' | 'ar', Strings> = {
  en: {
    open: 'Open chat',
    close: 'Close chat',
    title: 'Support',
    placeholder: 'Write a message…',
    send: 'Send',
    messages: 'Messages',
    typing: (name: string) => `${name} is typing…`,
    someone: 'Support',
    queue: (position: number, minutes: number | null) =>
      minutes === null
        ? `You are number ${position} in line.`
        : `You are number ${position} in line, about ${minutes} min.`,
    offline: 'You are offline. Messages will be sent when you are back.',
    you: 'You',
    read: 'Read',
    sent: 'Sent',
    empty: 'Ask us anything — we are here to help.',
    attach: 'Attach a file',
    uploadFailed: (reason) => `Could not send the file: ${reason}`,
    rateTitle: 'How did we do?',
    rateStar: (n) => `${n} of 5`,
    rateComment: 'Anything to add? (optional)',
    rateSend: 'Send rating',
    rateThanks: 'Thank you for your feedback!',
    ended: 'This conversation has ended.',
    endChat: 'End chat',
    endConfirm: 'End this chat?',
    endYes: 'End chat',
    endNo: 'Keep chatting',
    startNew: 'Start a new conversation',
    sendFailed: 'Your message could not be sent.',
    originRefused: 'Chat is not available on this page yet. Please contact us another way.',
    name: 'Your name',
    email: 'Your email',
    subject: 'What is it about? (optional)',
    start: 'Start chat',
    prechatTitle: 'Tell us who you are, and we will be right with you.',
    offlineTitle: 'We are away right now. Leave a message and we will answer by email.',
    offlineMessage: 'Your message',
    offlineSend: 'Send message',
    offlineThanks: 'Thanks! We will get back to you by email.',
    emoji: 'Insert emoji',
    transcript: 'Email me the transcript',
    sending: 'Sending…',
    delivered: 'Delivered',
    online: 'We are online',
    away: 'We reply by email',
    transcriptSent: (to) => `The transcript is on its way to ${to}.`,
    transcriptConfirm: (to) => `We sent a link to ${to}: open it to get the transcript.`,
    transcriptFailed: 'The transcript could not be sent right now.',
    offlineTitleNoEmail: 'We are away right now. Leave a message and we will reply here when we are back.',
    offlineThanksNoEmail: 'Thanks! We will reply here: open this chat again later.',
    awayNoEmail: 'We are away',
    awayChat: 'We will reply here when we are back',
    backAt: (when) => `Back ${when}`,
    newMessage: (name) => `New message from ${name}`,
    dismiss: 'Dismiss',
    fileSent: 'Sent a file',
    repliesMinutes: (n: number) => `Typically replies in under ${n} minutes`,
    repliesHours: (n: number) => `Typically replies in under ${n} hours`,
    repliesDay: 'Typically replies within a day',
    recent: 'Your conversations',
    conversation: 'Conversation',
    statusOpen: 'Open',
    statusEnded: 'Ended',
    systemJoined: (name: string) => `${name} joined the chat`,
    systemTransferred: (team: string) => `Transferred to ${team}`,
    systemUnavailable: (name: string) => `${name} is no longer available`,
    systemReturned: 'Back in the queue: the next free agent will answer',
    systemMerged: 'Your other conversation with us was added here',
    react: 'Add a reaction',
    reacted: (n: number, mine: boolean) =>
      `${n} ${n === 1 ? 'reaction' : 'reactions'}${mine ? ', yours included' : ''}`,
  },
  de: {
    open: 'Chat öffnen',
    close: 'Chat schließen',
    title: 'Support',
    placeholder: 'Nachricht schreiben…',
    send: 'Senden',
    messages: 'Nachrichten',
    typing: (name: string) => `${name} schreibt…`,
    someone: 'Support',
    queue: (position: number, minutes: number | null) =>
      minutes === null
        ? `Sie sind Nummer ${position} in der Warteschlange.`
        : `Sie sind Nummer ${position}, etwa ${minutes} Min.`,
    offline: 'Sie sind offline. Nachrichten werden gesendet, sobald Sie wieder online sind.',
    you: 'Sie',
    read: 'Gelesen',
    sent: 'Gesendet',
    empty: 'Fragen Sie uns – wir helfen gern.',
    attach: 'Datei anhängen',
    uploadFailed: (reason) => `Die Datei konnte nicht gesendet werden: ${reason}`,
    rateTitle: 'Wie waren wir?',
    rateStar: (n) => `${n} von 5`,
    rateComment: 'Möchten Sie etwas ergänzen? (optional)',
    rateSend: 'Bewertung senden',
    rateThanks: 'Danke für Ihr Feedback!',
    ended: 'Diese Unterhaltung ist beendet.',
    endChat: 'Chat beenden',
    endConfirm: 'Diesen Chat beenden?',
    endYes: 'Chat beenden',
    endNo: 'Weiterschreiben',
    startNew: 'Neue Unterhaltung beginnen',
    sendFailed: 'Ihre Nachricht konnte nicht gesendet werden.',
    originRefused: 'Der Chat ist auf dieser Seite noch nicht verfügbar. Bitte kontaktieren Sie uns auf anderem Weg.',
    name: 'Ihr Name',
    email: 'Ihre E-Mail',
    subject: 'Worum geht es? (optional)',
    start: 'Chat starten',
    prechatTitle: 'Sagen Sie uns, wer Sie sind – wir sind gleich für Sie da.',
    offlineTitle: 'Gerade ist niemand da. Hinterlassen Sie eine Nachricht, wir antworten per E-Mail.',
    offlineMessage: 'Ihre Nachricht',
    offlineSend: 'Nachricht senden',
    offlineThanks: 'Danke! Wir melden uns per E-Mail.',
    emoji: 'Emoji einfügen',
    transcript: 'Verlauf per E-Mail senden',
    sending: 'Wird gesendet…',
    delivered: 'Zugestellt',
    online: 'Wir sind online',
    away: 'Wir antworten per E-Mail',
    transcriptSent: (to) => `Der Verlauf ist unterwegs an ${to}.`,
    transcriptConfirm: (to) => `Wir haben einen Link an ${to} geschickt: öffnen Sie ihn, um den Verlauf zu erhalten.`,
    transcriptFailed: 'Der Verlauf konnte gerade nicht gesendet werden.',
    offlineTitleNoEmail:
      'Wir sind gerade nicht da. Hinterlassen Sie eine Nachricht – wir antworten hier, sobald wir zurück sind.',
    offlineThanksNoEmail: 'Danke! Wir antworten hier: öffnen Sie diesen Chat später wieder.',
    awayNoEmail: 'Wir sind gerade nicht da',
    awayChat: 'Wir antworten hier, sobald wir zurück sind',
    backAt: (when) => `Wieder da: ${when}`,
    newMessage: (name) => `Neue Nachricht von ${name}`,
    dismiss: 'Ausblenden',
    fileSent: 'Hat eine Datei gesendet',
    repliesMinutes: (n: number) => `Antwortet meist in unter ${n} Minuten`,
    repliesHours: (n: number) => `Antwortet meist in unter ${n} Stunden`,
    repliesDay: 'Antwortet meist innerhalb eines Tages',
    recent: 'Ihre Unterhaltungen',
    conversation: 'Unterhaltung',
    statusOpen: 'Offen',
    statusEnded: 'Beendet',
    systemJoined: (name: string) => `${name} ist dem Chat beigetreten`,
    systemTransferred: (team: string) => `Weitergeleitet an ${team}`,
    systemUnavailable: (name: string) => `${name} ist nicht mehr verfügbar`,
    systemReturned: 'Wieder in der Warteschlange: die nächste freie Person antwortet',
    systemMerged: 'Ihre andere Unterhaltung mit uns wurde hier angefügt',
    react: 'Reaktion hinzufügen',
    reacted: (n: number, mine: boolean) =>
      `${n} ${n === 1 ? 'Reaktion' : 'Reaktionen'}${mine ? ', Ihre eingeschlossen' : ''}`,
  },
  fr: {
    open: 'Ouvrir le chat',
    close: 'Fermer le chat',
    title: 'Assistance',
    placeholder: 'Écrivez un message…',
    send: 'Envoyer',
    messages: 'Messages',
    typing: (name: string) => `${name} écrit…`,
    someone: 'Assistance',
    queue: (position: number, minutes: number | null) =>
      minutes === null
        ? `Vous êtes numéro ${position} dans la file d’attente.`
        : `Vous êtes numéro ${position} dans la file d’attente, environ ${minutes} min.`,
    offline: 'Vous êtes hors ligne. Vos messages partiront dès votre retour.',
    you: 'Vous',
    read: 'Lu',
    sent: 'Envoyé',
    empty: 'Posez-nous vos questions — nous sommes là pour vous aider.',
    attach: 'Joindre un fichier',
    uploadFailed: (reason) => `Le fichier n’a pas pu être envoyé : ${reason}`,
    rateTitle: 'Comment nous sommes-nous débrouillés ?',
    rateStar: (n) => `${n} sur 5`,
    rateComment: 'Quelque chose à ajouter ? (facultatif)',
    rateSend: 'Envoyer la note',
    rateThanks: 'Merci pour votre avis !',
    ended: 'Cette conversation est terminée.',
    endChat: 'Terminer le chat',
    endConfirm: 'Terminer ce chat ?',
    endYes: 'Terminer le chat',
    endNo: 'Continuer',
    startNew: 'Commencer une nouvelle conversation',
    sendFailed: 'Votre message n’a pas pu être envoyé.',
    originRefused: 'Le chat n’est pas encore disponible sur cette page. Merci de nous contacter autrement.',
    name: 'Votre nom',
    email: 'Votre e-mail',
    subject: 'C’est à quel sujet ? (facultatif)',
    start: 'Démarrer le chat',
    prechatTitle: 'Dites-nous qui vous êtes, nous arrivons tout de suite.',
    offlineTitle: 'Nous sommes absents pour le moment. Laissez un message, nous répondrons par e-mail.',
    offlineMessage: 'Votre message',
    offlineSend: 'Envoyer le message',
    offlineThanks: 'Merci ! Nous vous répondrons par e-mail.',
    emoji: 'Insérer un emoji',
    transcript: 'M’envoyer la conversation par e-mail',
    sending: 'Envoi…',
    delivered: 'Distribué',
    online: 'Nous sommes en ligne',
    away: 'Nous répondons par e-mail',
    transcriptSent: (to) => `La conversation est en route vers ${to}.`,
    transcriptConfirm: (to) => `Nous avons envoyé un lien à ${to} : ouvrez-le pour recevoir la conversation.`,
    transcriptFailed: 'La conversation n’a pas pu être envoyée pour le moment.',
    offlineTitleNoEmail: 'Nous sommes absents pour le moment. Laissez un message, nous répondrons ici à notre retour.',
    offlineThanksNoEmail: 'Merci ! Nous répondrons ici : rouvrez ce chat plus tard.',
    awayNoEmail: 'Nous sommes absents',
    awayChat: 'Nous répondrons ici à notre retour',
    backAt: (when) => `De retour ${when}`,
    newMessage: (name) => `Nouveau message de ${name}`,
    dismiss: 'Masquer',
    fileSent: 'A envoyé un fichier',
    repliesMinutes: (n: number) => `Répond généralement en moins de ${n} minutes`,
    repliesHours: (n: number) => `Répond généralement en moins de ${n} heures`,
    repliesDay: 'Répond généralement dans la journée',
    recent: 'Vos conversations',
    conversation: 'Conversation',
    statusOpen: 'En cours',
    statusEnded: 'Terminée',
    systemJoined: (name: string) => `${name} a rejoint la conversation`,
    systemTransferred: (team: string) => `Transférée à ${team}`,
    systemUnavailable: (name: string) => `${name} n’est plus disponible`,
    systemReturned: 'De retour dans la file : le prochain agent disponible vous répondra',
    systemMerged: 'Votre autre conversation avec nous a été ajoutée ici',
    react: 'Ajouter une réaction',
    reacted: (n: number, mine: boolean) => `${n} ${n === 1 ? 'réaction' : 'réactions'}${mine ? ', dont la vôtre' : ''}`,
  },
  es: {
    open: 'Abrir chat',
    close: 'Cerrar chat',
    title: 'Soporte',
    placeholder: 'Escribe un mensaje…',
    send: 'Enviar',
    messages: 'Mensajes',
    typing: (name: string) => `${name} está escribiendo…`,
    someone: 'Soporte',
    queue: (position: number, minutes: number | null) =>
      minutes === null
        ? `Eres el número ${position} en la cola.`
        : `Eres el número ${position} en la cola, unos ${minutes} min.`,
    offline: 'No tienes conexión. Los mensajes se enviarán cuando vuelvas.',
    you: 'Tú',
    read: 'Leído',
    sent: 'Enviado',
    empty: 'Pregúntanos lo que quieras: estamos aquí para ayudarte.',
    attach: 'Adjuntar un archivo',
    uploadFailed: (reason) => `No se pudo enviar el archivo: ${reason}`,
    rateTitle: '¿Qué tal lo hicimos?',
    rateStar: (n) => `${n} de 5`,
    rateComment: '¿Algo que añadir? (opcional)',
    rateSend: 'Enviar valoración',
    rateThanks: '¡Gracias por tu opinión!',
    ended: 'Esta conversación ha terminado.',
    endChat: 'Terminar chat',
    endConfirm: '¿Terminar este chat?',
    endYes: 'Terminar chat',
    endNo: 'Seguir hablando',
    startNew: 'Empezar una conversación nueva',
    sendFailed: 'No se pudo enviar tu mensaje.',
    originRefused: 'El chat aún no está disponible en esta página. Contáctanos por otra vía, por favor.',
    name: 'Tu nombre',
    email: 'Tu correo electrónico',
    subject: '¿De qué se trata? (opcional)',
    start: 'Empezar chat',
    prechatTitle: 'Dinos quién eres y enseguida te atendemos.',
    offlineTitle: 'Ahora no estamos. Déjanos un mensaje y te responderemos por correo.',
    offlineMessage: 'Tu mensaje',
    offlineSend: 'Enviar mensaje',
    offlineThanks: '¡Gracias! Te responderemos por correo.',
    emoji: 'Insertar emoji',
    transcript: 'Enviarme la conversación por correo',
    sending: 'Enviando…',
    delivered: 'Entregado',
    online: 'Estamos en línea',
    away: 'Respondemos por correo',
    transcriptSent: (to) => `La conversación va de camino a ${to}.`,
    transcriptConfirm: (to) => `Hemos enviado un enlace a ${to}: ábrelo para recibir la conversación.`,
    transcriptFailed: 'No se pudo enviar la conversación en este momento.',
    offlineTitleNoEmail: 'Ahora no estamos. Déjanos un mensaje y te responderemos aquí cuando volvamos.',
    offlineThanksNoEmail: '¡Gracias! Te responderemos aquí: vuelve a abrir este chat más tarde.',
    awayNoEmail: 'Ahora no estamos',
    awayChat: 'Te responderemos aquí cuando volvamos',
    backAt: (when) => `De vuelta ${when}`,
    newMessage: (name) => `Nuevo mensaje de ${name}`,
    dismiss: 'Descartar',
    fileSent: 'Envió un archivo',
    repliesMinutes: (n: number) => `Suele responder en menos de ${n} minutos`,
    repliesHours: (n: number) => `Suele responder en menos de ${n} horas`,
    repliesDay: 'Suele responder en un día',
    recent: 'Tus conversaciones',
    conversation: 'Conversación',
    statusOpen: 'Abierta',
    statusEnded: 'Finalizada',
    systemJoined: (name: string) => `${name} se unió al chat`,
    systemTransferred: (team: string) => `Transferido a ${team}`,
    systemUnavailable: (name: string) => `${name} ya no está disponible`,
    systemReturned: 'De nuevo en la cola: te responderá el próximo agente libre',
    systemMerged: 'Tu otra conversación con nosotros se añadió aquí',
    react: 'Añadir una reacción',
    reacted: (n: number, mine: boolean) =>
      `${n} ${n === 1 ? 'reacción' : 'reacciones'}${mine ? ', incluida la tuya' : ''}`,
  },
  pt: {
    open: 'Abrir chat',
    close: 'Fechar chat',
    title: 'Suporte',
    placeholder: 'Escreva uma mensagem…',
    send: 'Enviar',
    messages: 'Mensagens',
    typing: (name: string) => `${name} está digitando…`,
    someone: 'Suporte',
    queue: (position: number, minutes: number | null) =>
      minutes === null
        ? `Você é o número ${position} na fila.`
        : `Você é o número ${position} na fila, cerca de ${minutes} min.`,
    offline: 'Você está sem conexão. As mensagens serão enviadas quando você voltar.',
    you: 'Você',
    read: 'Lida',
    sent: 'Enviada',
    empty: 'Pergunte o que quiser — estamos aqui para ajudar.',
    attach: 'Anexar um arquivo',
    uploadFailed: (reason) => `Não foi possível enviar o arquivo: ${reason}`,
    rateTitle: 'Como foi o atendimento?',
    rateStar: (n) => `${n} de 5`,
    rateComment: 'Algo a acrescentar? (opcional)',
    rateSend: 'Enviar avaliação',
    rateThanks: 'Obrigado pela sua opinião!',
    ended: 'Esta conversa foi encerrada.',
    endChat: 'Encerrar chat',
    endConfirm: 'Encerrar este chat?',
    endYes: 'Encerrar chat',
    endNo: 'Continuar conversando',
    startNew: 'Começar uma nova conversa',
    sendFailed: 'Não foi possível enviar sua mensagem.',
    originRefused: 'O chat ainda não está disponível nesta página. Fale conosco por outro meio, por favor.',
    name: 'Seu nome',
    email: 'Seu e-mail',
    subject: 'Qual é o assunto? (opcional)',
    start: 'Iniciar chat',
    prechatTitle: 'Diga quem você é e já vamos atender.',
    offlineTitle: 'Não estamos disponíveis agora. Deixe uma mensagem e responderemos por e-mail.',
    offlineMessage: 'Sua mensagem',
    offlineSend: 'Enviar mensagem',
    offlineThanks: 'Obrigado! Responderemos por e-mail.',
    emoji: 'Inserir emoji',
    transcript: 'Enviar a conversa para o meu e-mail',
    sending: 'Enviando…',
    delivered: 'Entregue',
    online: 'Estamos online',
    away: 'Respondemos por e-mail',
    transcriptSent: (to) => `A conversa está a caminho de ${to}.`,
    transcriptConfirm: (to) => `Enviamos um link para ${to}: abra-o para receber a conversa.`,
    transcriptFailed: 'Não foi possível enviar a conversa agora.',
    offlineTitleNoEmail: 'Não estamos disponíveis agora. Deixe uma mensagem e responderemos aqui quando voltarmos.',
    offlineThanksNoEmail: 'Obrigado! Responderemos aqui: abra este chat de novo mais tarde.',
    awayNoEmail: 'Não estamos disponíveis',
    awayChat: 'Responderemos aqui quando voltarmos',
    backAt: (when) => `De volta ${when}`,
    newMessage: (name) => `Nova mensagem de ${name}`,
    dismiss: 'Dispensar',
    fileSent: 'Enviou um arquivo',
    repliesMinutes: (n: number) => `Costuma responder em menos de ${n} minutos`,
    repliesHours: (n: number) => `Costuma responder em menos de ${n} horas`,
    repliesDay: 'Costuma responder em até um dia',
    recent: 'Suas conversas',
    conversation: 'Conversa',
    statusOpen: 'Aberta',
    statusEnded: 'Encerrada',
    systemJoined: (name: string) => `${name} entrou no chat`,
    systemTransferred: (team: string) => `Transferido para ${team}`,
    systemUnavailable: (name: string) => `${name} não está mais disponível`,
    systemReturned: 'De volta à fila: o próximo atendente livre vai responder',
    systemMerged: 'Sua outra conversa conosco foi adicionada aqui',
    react: 'Adicionar uma reação',
    reacted: (n: number, mine: boolean) => `${n} ${n === 1 ? 'reação' : 'reações'}${mine ? ', incluindo a sua' : ''}`,
  },
  ar: {
    open: 'افتح المحادثة',
    close: 'أغلق المحادثة',
    title: 'الدعم',
    placeholder: 'اكتب رسالة…',
    send: 'إرسال',
    messages: 'الرسائل',
    typing: (name: string) => `${name} يكتب…`,
    someone: 'الدعم',
    queue: (position: number, minutes: number | null) =>
      minutes === null
        ? `ترتيبك ${position} في قائمة الانتظار.`
        : `ترتيبك ${position} في قائمة الانتظار، نحو ${minutes} دقيقة.`,
    offline: 'أنت غير متصل. ستُرسل الرسائل عند عودة الاتصال.',
    you: 'أنت',
    read: 'مقروءة',
    sent: 'أُرسلت',
    empty: 'اسألنا عن أي شيء — نحن هنا للمساعدة.',
    attach: 'إرفاق ملف',
    uploadFailed: (reason) => `تعذّر إرسال الملف: ${reason}`,
    rateTitle: 'كيف كانت خدمتنا؟',
    rateStar: (n) => `${n} من 5`,
    rateComment: 'هل تود إضافة شيء؟ (اختياري)',
    rateSend: 'إرسال التقييم',
    rateThanks: 'شكرًا على رأيك!',
    ended: 'انتهت هذه المحادثة.',
    endChat: 'إنهاء المحادثة',
    endConfirm: 'هل تريد إنهاء هذه المحادثة؟',
    endYes: 'إنهاء المحادثة',
    endNo: 'متابعة المحادثة',
    startNew: 'بدء محادثة جديدة',
    sendFailed: 'تعذّر إرسال رسالتك.',
    originRefused: 'المحادثة غير متاحة على هذه الصفحة بعد. يرجى التواصل معنا بطريقة أخرى.',
    name: 'اسمك',
    email: 'بريدك الإلكتروني',
    subject: 'ما موضوع رسالتك؟ (اختياري)',
    start: 'بدء المحادثة',
    prechatTitle: 'عرّفنا بنفسك وسنكون معك حالًا.',
    offlineTitle: 'لسنا متاحين الآن. اترك رسالة وسنرد عليك بالبريد الإلكتروني.',
    offlineMessage: 'رسالتك',
    offlineSend: 'إرسال الرسالة',
    offlineThanks: 'شكرًا! سنرد عليك بالبريد الإلكتروني.',
    emoji: 'إدراج رمز تعبيري',
    transcript: 'أرسل لي نص المحادثة بالبريد',
    sending: 'جارٍ الإرسال…',
    delivered: 'تم التسليم',
    online: 'نحن متصلون',
    away: 'نرد بالبريد الإلكتروني',
    transcriptSent: (to) => `نص المحادثة في طريقه إلى ${to}.`,
    transcriptConfirm: (to) => `أرسلنا رابطًا إلى ${to}: افتحه لتصلك المحادثة.`,
    transcriptFailed: 'تعذّر إرسال نص المحادثة الآن.',
    offlineTitleNoEmail: 'لسنا متاحين الآن. اترك رسالة وسنرد عليك هنا عند عودتنا.',
    offlineThanksNoEmail: 'شكرًا! سنرد هنا: افتح هذه المحادثة مرة أخرى لاحقًا.',
    awayNoEmail: 'لسنا متاحين الآن',
    awayChat: 'سنرد هنا عند عودتنا',
    backAt: (when) => `نعود ${when}`,
    newMessage: (name) => `رسالة جديدة من ${name}`,
    dismiss: 'إخفاء',
    fileSent: 'أرسل ملفًا',
    repliesMinutes: (n: number) => `يرد عادةً خلال أقل من ${n} دقيقة`,
    repliesHours: (n: number) => `يرد عادةً خلال أقل من ${n} ساعات`,
    repliesDay: 'يرد عادةً خلال يوم',
    recent: 'محادثاتك',
    conversation: 'محادثة',
    statusOpen: 'مفتوحة',
    statusEnded: 'منتهية',
    systemJoined: (name: string) => `انضم ${name} إلى المحادثة`,
    systemTransferred: (team: string) => `تم التحويل إلى ${team}`,
    systemUnavailable: (name: string) => `${name} لم يعد متاحًا`,
    systemReturned: 'عدت إلى قائمة الانتظار: سيرد أول موظف متاح',
    systemMerged: 'أُضيفت محادثتك الأخرى معنا إلى هنا',
    react: 'أضف تفاعلًا',
    reacted: (n: number, mine: boolean) => `${n} تفاعلات${mine ? '، منها تفاعلك' : ''}`,
  },
};

/** Languages written right to left, among those the widget speaks. */
const rightToLeft = new Set(['ar']);

/** The language the widget uses for a locale (the one `stringsFor` picks): `pt` for `pt-BR`, `en` when unknown. */
export function languageOf(locale: string | undefined): string {
  const wanted = (locale ?? (typeof navigator !== 'undefined' ? navigator.language : 'en'))
    .toLowerCase()
    .split('-')[0]!;
  return wanted in catalogue ? wanted : 'en';
}

/** `rtl` for Arabic, else `ltr`: the panel's `dir`. */
export const directionOf = (locale: string | undefined) => (rightToLeft.has(languageOf(locale)) ? 'rtl' : 'ltr');

export function stringsFor(locale: string | undefined): Strings {
  return (catalogue as Record<string, Strings>)[languageOf(locale)]!;
}

/** When the team is back, in the visitor's language and time zone: "Monday 09:00" this week, a date beyond. */
export function formatBack(at: Date, locale: string | undefined, now = new Date()): string {
  const soon = at.getTime() - now.getTime() < 6 * 24 * 3600_000;
  const options: Intl.DateTimeFormatOptions = soon
    ? { weekday: 'long', hour: '2-digit', minute: '2-digit' }
    : { dateStyle: 'medium', timeStyle: 'short' };
  return new Intl.DateTimeFormat(locale, options).format(at);
}
