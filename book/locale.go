package book

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
	"golang.org/x/text/message"
	"golang.org/x/text/number"
)

// Msg names a generated label. The model decides every word a reader
// prints around the sources; renderers ask for labels by Msg and never
// write their own. To add a label: a Msg here and its text in every
// catalog below (TestCatalogsComplete checks none is missing).
type Msg string

// The generated labels, by their English text.
const (
	MsgContents         Msg = "Contents"
	MsgCover            Msg = "Cover"
	MsgTitlePage        Msg = "Title page"
	MsgBodyStart        Msg = "Start of the documents"
	MsgCredits          Msg = "Credits and rights"
	MsgIntroduction     Msg = "Introduction"
	MsgPart             Msg = "Part %d"
	MsgDocument         Msg = "Document %s"
	MsgGlossary         Msg = "Glossary"
	MsgSources          Msg = "List of Sources"
	MsgTimeline         Msg = "Timeline"
	MsgNotes            Msg = "Notes"
	MsgTeacherEdition   Msg = "Teacher Edition"
	MsgEditedBy         Msg = "Edited by %s"
	MsgTranslatedBy     Msg = "Translated by %s"
	MsgFundedBy         Msg = "Funded by"
	MsgExcerpt          Msg = "Excerpt"
	MsgModified         Msg = "Modified"
	MsgSource           Msg = "Source"
	MsgArchive          Msg = "Archive"
	MsgRights           Msg = "Rights"
	MsgBefore           Msg = "Before you read"
	MsgDuring           Msg = "While you read"
	MsgAfter            Msg = "After you read"
	MsgQuestions        Msg = "Questions for discussion"
	MsgOtherQuestions   Msg = "Other questions"
	MsgCentralQuestion  Msg = "Central question"
	MsgWordBank         Msg = "Word bank"
	MsgAboutEdition     Msg = "About this edition"
	MsgAboutDocument    Msg = "About this document"
	MsgAuthor           Msg = "Author"
	MsgAuthors          Msg = "Authors"
	MsgRecipient        Msg = "Recipient"
	MsgRecipients       Msg = "Recipients"
	MsgDate             Msg = "Date"
	MsgPlace            Msg = "Place"
	MsgType             Msg = "Type"
	MsgOriginalLanguage Msg = "Original language"
	MsgTranslator       Msg = "Translator"
	MsgTranslators      Msg = "Translators"
	MsgHeldIn           Msg = "Held in"
	MsgDigitalCopy      Msg = "Digital copy"
	MsgPrevious         Msg = "Previous"
	MsgNext             Msg = "Next"
	MsgBackToText       Msg = "Back to text"
	MsgExcerptCredit    Msg = "some paragraphs are left out, each gap marked […]."
	msgExcerptNote      Msg = "[…] marks paragraphs left out; the words printed are the source’s own."
	msgExcerptModified  Msg = "[…] marks paragraphs left out."
	MsgMetrics          Msg = "%d words · about %d min to read · Flesch–Kincaid grade %s"
	MsgSuggestedTime    Msg = "suggested time: %s"
	MsgAnswer           Msg = "Answer / teaching note"
	MsgPageOf           Msg = "Page %s of %d"
	MsgTable            Msg = "Table %d"
	MsgEditorsNotes     Msg = "Editor’s notes"
	MsgThisEdition      Msg = "This edition"
	MsgPublisher        Msg = "Publisher"
	MsgLicence          Msg = "Licence"
	MsgIdentifier       Msg = "Identifier"
	MsgBuilt            Msg = "Built"
	MsgRightsHolder     Msg = "Rights holder: %s"
	MsgCreditsIntro     Msg = "The documents in this reader are reproduced from the following sources, on the terms stated for each."
	MsgEditorsLicence   Msg = "The editors’ introduction, headnotes, notes and questions: %s. Each document keeps the rights statement given with it."
	MsgRecord           Msg = "record %s"
	// Screen editions: the heading over a document's text, the hidden
	// navigation lists' headings, the web pages' navigation, a print
	// page's name (its marker's tooltip) and the cover's description.
	MsgText       Msg = "Text"
	MsgLandmarks  Msg = "Landmarks"
	MsgPageList   Msg = "Pages"
	MsgPageName   Msg = "Page %s"
	MsgPreviousTo Msg = "Previous: %s"
	MsgNextTo     Msg = "Next: %s"
	MsgCoverAlt   Msg = "Cover: %s"
	MsgUntitled   Msg = "Course reader"
	MsgTeacherOf  Msg = "%s — Teacher Edition"
	// References to print pages and lines.
	MsgPageRef      Msg = "p. %s"
	MsgPageRange    Msg = "pp. %s–%s"
	MsgLine         Msg = "line %d"
	MsgLineRange    Msg = "lines %d–%d"
	MsgGlossaryPage Msg = "glossary p. %s"
	// The print teacher edition's notes and the answer key.
	MsgTeacherNotes      Msg = "Teacher’s Notes"
	MsgAnswerKey         Msg = "Answer Key"
	MsgTeacherNotesIntro Msg = "Page, paragraph (¶) and line references are to the student edition, whose pages this edition keeps."
	// Rights statuses, as the credits name them (Locale.RightsStatus).
	msgPublicDomain   Msg = "Public domain"
	msgCCBY           Msg = "Creative Commons Attribution (CC BY)"
	msgCCBYSA         Msg = "Creative Commons Attribution-ShareAlike (CC BY-SA)"
	msgCCBYNC         Msg = "Creative Commons Attribution-NonCommercial (CC BY-NC)"
	msgCC0            Msg = "No rights reserved (CC0)"
	msgEducationalUse Msg = "Educational use permitted"
	msgPermission     Msg = "Reproduced with permission"
	msgRightsUnknown  Msg = "Rights status unknown"
	// The note "About this edition" (Book.AboutEdition): how to find a
	// place in the text, true for the edition it is printed in.
	msgAboutPrintLines    Msg = "The paragraphs of each document are numbered in the left margin (¶\u00a01, ¶\u00a02 …), and every fifth line in the right margin. The paragraph numbers are the same in the printed and the e-book editions of this reader, so “¶\u00a04” is the same place in everyone’s copy; the line numbers belong to this printing only. Questions that point at the text give both: “(¶\u00a04, lines 12–15)”."
	msgAboutPrintLines2   Msg = "The paragraphs of each document are numbered in the inner margin (¶\u00a01, ¶\u00a02 …), and every fifth line in the outer margin. The paragraph numbers are the same in the printed and the e-book editions of this reader, so “¶\u00a04” is the same place in everyone’s copy; the line numbers belong to this printing only. Questions that point at the text give both: “(¶\u00a04, lines 12–15)”."
	msgAboutPrint         Msg = "The paragraphs of each document are numbered in the margin (¶\u00a01, ¶\u00a02 …). They are the same in the printed and the e-book editions of this reader, so “¶\u00a04” is the same place in everyone’s copy. Questions that point at the text give the paragraph: “(¶\u00a04)”."
	msgAboutScreen        Msg = "The paragraphs of each document are numbered beside the text (¶\u00a01, ¶\u00a02 …), as in the printed edition, so “¶\u00a04” is the same place in everyone’s copy. Questions that point at the text give the paragraph, “(¶\u00a04)”, as a link to it."
	msgAboutScreenLines   Msg = "The printed edition also numbers its lines, which differ from screen to screen, so its questions read “(¶\u00a04, lines 12–15)”."
	msgAboutPageMarkers   Msg = "Where a page of the printed edition begins, its number stands in the text, like “p.\u00a012”, so that a class with both editions can turn to the same page."
	msgAboutExcerptCounts Msg = "In an excerpt the paragraphs are counted as printed, and […] marks paragraphs left out."
	// msgColon joins a label and a title: "Document 1: Title" (French
	// sets a space before the colon).
	msgColon Msg = "%s: %s"
	// MsgNameLine is what a student fills in on a handout.
	MsgNameLine Msg = "Name ______________________________   Date ____________   Class __________"
	// The EPUB's package description and print source (metadata).
	msgReader       Msg = "A course reader."
	msgReaderFor    Msg = "A course reader for %s."
	msgOneDoc       Msg = "One primary source document with headnotes and questions for discussion."
	msgDocs         Msg = "%d primary source documents with headnotes and questions for discussion."
	msgTeacherDesc  Msg = "Teacher Edition, with answers and teaching notes."
	msgStudentEd    Msg = "Student Edition"
	msgPrintEdition Msg = "print edition (PDF)"
	msgA11ySummary  Msg = "This publication meets WCAG 2.1 Level AA according to automated checks. It has a table of contents, headings that structure every document, and a reading order that follows the print edition; the text can be resized and restyled, and the cover and every image have a text alternative. Notes are linked to and from the text, and paragraph numbers are read out as such."
	msgA11yPages    Msg = "Page-break markers and a page list give the page numbers of the print edition."
	msgAnd          Msg = "and"
	msgCirca        Msg = "c."
	// The words citations add around a source's own (book/cite.go): the
	// styles' headings, the descriptive title of a letter, "In" before a
	// collection, APA's translator note and its "no date".
	msgBibliography Msg = "Bibliography"
	msgWorksCited   Msg = "Works Cited"
	msgReferences   Msg = "References"
	msgLetterTo     Msg = "Letter to %s"
	msgIn           Msg = "In"
	msgTrans        Msg = "%s, Trans."
	msgNoDate       Msg = "n.d."
	// Kinds of document (Source.Type), as citations and the sourcing box
	// name them.
	msgTypeLetter     Msg = "Letter"
	msgTypeSpeech     Msg = "Speech"
	msgTypeMemorandum Msg = "Memorandum"
	msgTypeTreaty     Msg = "Treaty"
	msgTypeReport     Msg = "Report"
	msgTypeTelegram   Msg = "Telegram"
	msgTypeDiary      Msg = "Diary"
	msgTypeMinutes    Msg = "Minutes"
	msgTypeTranscript Msg = "Transcript"
	msgTypeArticle    Msg = "Article"
	msgTypeLaw        Msg = "Law"
	msgTypePetition   Msg = "Petition"
	msgTypeInterview  Msg = "Interview"
	msgTypeOther      Msg = "Other"
)

// Msgs lists every exported label, for tests and tools.
var Msgs = []Msg{MsgContents, MsgCover, MsgTitlePage, MsgBodyStart, MsgCredits, MsgIntroduction, MsgPart, MsgDocument, MsgGlossary, MsgSources, MsgTimeline, MsgNotes, MsgTeacherEdition, MsgEditedBy, MsgTranslatedBy, MsgFundedBy, MsgExcerpt, MsgModified, MsgSource, MsgArchive, MsgRights, MsgBefore, MsgDuring, MsgAfter, MsgQuestions, MsgOtherQuestions, MsgCentralQuestion, MsgWordBank, MsgAboutEdition, MsgAboutDocument, MsgAuthor, MsgAuthors, MsgRecipient, MsgRecipients, MsgDate, MsgPlace, MsgType, MsgOriginalLanguage, MsgTranslator, MsgTranslators, MsgHeldIn, MsgDigitalCopy, MsgPrevious, MsgNext, MsgBackToText, MsgExcerptCredit, MsgMetrics, MsgSuggestedTime, MsgAnswer, MsgPageOf, MsgTable, MsgEditorsNotes, MsgThisEdition, MsgPublisher, MsgLicence, MsgIdentifier, MsgBuilt, MsgRightsHolder, MsgCreditsIntro, MsgEditorsLicence, MsgRecord, MsgNameLine, MsgText, MsgLandmarks, MsgPageList, MsgPageName, MsgPreviousTo, MsgNextTo, MsgCoverAlt, MsgUntitled, MsgTeacherOf, MsgPageRef, MsgPageRange, MsgLine, MsgLineRange, MsgGlossaryPage, MsgTeacherNotes, MsgAnswerKey, MsgTeacherNotesIntro}

// catalogs hold the labels in each language Sourcebook speaks; English is
// the keys themselves.
var catalogs = map[string]map[Msg]string{
	"es": {
		MsgContents: "Índice", MsgCover: "Cubierta", MsgTitlePage: "Portada", MsgBodyStart: "Inicio de los documentos",
		MsgCredits: "Créditos y derechos", MsgIntroduction: "Introducción", MsgPart: "Parte %d", MsgDocument: "Documento %s",
		MsgGlossary: "Glosario", MsgSources: "Lista de fuentes", MsgTimeline: "Cronología", MsgNotes: "Notas",
		MsgTeacherEdition: "Edición para el docente", MsgEditedBy: "Edición de %s", MsgTranslatedBy: "Traducción de %s",
		MsgFundedBy: "Financiado por", MsgExcerpt: "Fragmento", MsgModified: "Modificado", MsgSource: "Fuente",
		MsgArchive: "Archivo", MsgRights: "Derechos", MsgBefore: "Antes de leer", MsgDuring: "Durante la lectura",
		MsgAfter: "Después de leer", MsgQuestions: "Preguntas para el debate", MsgOtherQuestions: "Otras preguntas",
		MsgCentralQuestion: "Pregunta central", MsgWordBank: "Banco de palabras", MsgAboutEdition: "Sobre esta edición",
		MsgAboutDocument: "Sobre este documento", MsgAuthor: "Autor", MsgAuthors: "Autores", MsgRecipient: "Destinatario",
		MsgRecipients: "Destinatarios", MsgDate: "Fecha", MsgPlace: "Lugar", MsgType: "Tipo",
		MsgOriginalLanguage: "Lengua original", MsgTranslator: "Traductor", MsgTranslators: "Traductores",
		MsgHeldIn: "Conservado en", MsgDigitalCopy: "Copia digital", MsgPrevious: "Anterior", MsgNext: "Siguiente",
		MsgBackToText: "Volver al texto", MsgExcerptCredit: "se omiten algunos párrafos; cada omisión se señala con […].", msgExcerptNote: "[…] señala párrafos omitidos; las palabras impresas son las de la fuente.", msgExcerptModified: "[…] señala párrafos omitidos.",
		MsgMetrics: "%d palabras · unos %d min de lectura · nivel Flesch–Kincaid %s", MsgSuggestedTime: "tiempo sugerido: %s",
		MsgAnswer: "Respuesta / nota didáctica", MsgPageOf: "Página %s de %d", MsgTable: "Tabla %d", MsgEditorsNotes: "Notas del editor", MsgThisEdition: "Esta edición", MsgPublisher: "Editorial", MsgLicence: "Licencia", MsgIdentifier: "Identificador", MsgBuilt: "Generado", MsgRightsHolder: "Titular de los derechos: %s", MsgCreditsIntro: "Los documentos de esta antología se reproducen de las fuentes siguientes, en las condiciones indicadas para cada una.", MsgEditorsLicence: "La introducción, las notas introductorias, las notas y las preguntas de los editores: %s. Cada documento conserva la declaración de derechos con la que se publicó.", MsgRecord: "registro %s", msgReader: "Una antología de fuentes para un curso.", msgReaderFor: "Una antología de fuentes para %s.", msgOneDoc: "Un documento de fuente primaria con nota introductoria y preguntas para el debate.", msgDocs: "%d documentos de fuentes primarias con notas introductorias y preguntas para el debate.", msgTeacherDesc: "Edición del docente, con respuestas y notas didácticas.", msgStudentEd: "Edición del alumno", msgPrintEdition: "edición impresa (PDF)", msgA11ySummary: "Esta publicación cumple las WCAG 2.1, nivel AA, según comprobaciones automáticas. Tiene un índice, encabezados que estructuran cada documento y un orden de lectura que sigue la edición impresa; el texto puede ampliarse y cambiar de estilo, y la cubierta y cada imagen tienen un texto alternativo. Las notas están enlazadas desde y hacia el texto, y los números de párrafo se leen como tales.", msgA11yPages: "Marcas de salto de página y una lista de páginas dan los números de página de la edición impresa.", MsgNameLine: "Nombre ______________________________   Fecha ____________   Grupo __________",
		msgAnd: "y", msgCirca: "h.",
		msgBibliography: "Bibliografía", msgWorksCited: "Obras citadas", msgReferences: "Referencias",
		msgLetterTo: "Carta a %s", msgIn: "En", msgTrans: "%s, Trad.", msgNoDate: "s.f.",
		msgTypeLetter: "Carta", msgTypeSpeech: "Discurso", msgTypeMemorandum: "Memorando", msgTypeTreaty: "Tratado",
		msgTypeReport: "Informe", msgTypeTelegram: "Telegrama", msgTypeDiary: "Diario", msgTypeMinutes: "Acta",
		msgTypeTranscript: "Transcripción", msgTypeArticle: "Artículo", msgTypeLaw: "Ley", msgTypePetition: "Petición",
		msgTypeInterview: "Entrevista", msgTypeOther: "Otro",
		msgColon:              "%s: %s",
		msgAboutPrintLines:    "Los párrafos de cada documento están numerados en el margen izquierdo (¶\u00a01, ¶\u00a02 …), y una de cada cinco líneas en el margen derecho. Los números de párrafo son los mismos en la edición impresa y en la electrónica de esta antología, de modo que «¶\u00a04» es el mismo lugar en el ejemplar de todos; los números de línea son solo de esta impresión. Las preguntas que remiten al texto dan ambos: «(¶\u00a04, líneas 12–15)».",
		msgAboutPrintLines2:   "Los párrafos de cada documento están numerados en el margen interior (¶\u00a01, ¶\u00a02 …), y una de cada cinco líneas en el margen exterior. Los números de párrafo son los mismos en la edición impresa y en la electrónica de esta antología, de modo que «¶\u00a04» es el mismo lugar en el ejemplar de todos; los números de línea son solo de esta impresión. Las preguntas que remiten al texto dan ambos: «(¶\u00a04, líneas 12–15)».",
		msgAboutPrint:         "Los párrafos de cada documento están numerados en el margen (¶\u00a01, ¶\u00a02 …). Son los mismos en la edición impresa y en la electrónica de esta antología, de modo que «¶\u00a04» es el mismo lugar en el ejemplar de todos. Las preguntas que remiten al texto dan el párrafo: «(¶\u00a04)».",
		msgAboutScreen:        "Los párrafos de cada documento están numerados junto al texto (¶\u00a01, ¶\u00a02 …), como en la edición impresa, de modo que «¶\u00a04» es el mismo lugar en el ejemplar de todos. Las preguntas que remiten al texto dan el párrafo, «(¶\u00a04)», con un enlace a él.",
		msgAboutScreenLines:   "La edición impresa numera además sus líneas, que cambian de una pantalla a otra, por lo que sus preguntas dicen «(¶\u00a04, líneas 12–15)».",
		msgAboutPageMarkers:   "Donde empieza una página de la edición impresa, su número aparece en el texto, como «p.\u00a012», para que una clase con ambas ediciones pueda ir a la misma página.",
		msgAboutExcerptCounts: "En un fragmento los párrafos se cuentan tal como se imprimen, y […] señala los párrafos omitidos.",
		MsgText:               "Texto", MsgLandmarks: "Puntos de referencia", MsgPageList: "Páginas", MsgPageName: "Página %s",
		MsgPreviousTo: "Anterior: %s", MsgNextTo: "Siguiente: %s", MsgCoverAlt: "Cubierta: %s", MsgUntitled: "Antología del curso",
		MsgTeacherOf: "%s — Edición para el docente", MsgPageRef: "p. %s", MsgPageRange: "pp. %s–%s", MsgLine: "línea %d",
		MsgLineRange: "líneas %d–%d", MsgGlossaryPage: "glosario, p. %s", MsgTeacherNotes: "Notas para el docente",
		MsgAnswerKey: "Solucionario", MsgTeacherNotesIntro: "Las referencias a páginas, párrafos (¶) y líneas remiten a la edición del alumno, cuyas páginas conserva esta edición.",
		msgPublicDomain: "Dominio público", msgCCBY: "Creative Commons Reconocimiento (CC BY)", msgCCBYSA: "Creative Commons Reconocimiento-CompartirIgual (CC BY-SA)",
		msgCCBYNC: "Creative Commons Reconocimiento-NoComercial (CC BY-NC)", msgCC0: "Sin derechos reservados (CC0)", msgEducationalUse: "Uso educativo permitido",
		msgPermission: "Reproducido con permiso", msgRightsUnknown: "Situación de los derechos desconocida",
	},
	"fr": {
		MsgContents: "Table des matières", MsgCover: "Couverture", MsgTitlePage: "Page de titre", MsgBodyStart: "Début des documents",
		MsgCredits: "Crédits et droits", MsgIntroduction: "Introduction", MsgPart: "Partie %d", MsgDocument: "Document %s",
		MsgGlossary: "Glossaire", MsgSources: "Liste des sources", MsgTimeline: "Chronologie", MsgNotes: "Notes",
		MsgTeacherEdition: "Édition de l’enseignant", MsgEditedBy: "Édité par %s", MsgTranslatedBy: "Traduit par %s",
		MsgFundedBy: "Financé par", MsgExcerpt: "Extrait", MsgModified: "Modifié", MsgSource: "Source",
		MsgArchive: "Archives", MsgRights: "Droits", MsgBefore: "Avant la lecture", MsgDuring: "Pendant la lecture",
		MsgAfter: "Après la lecture", MsgQuestions: "Questions pour la discussion", MsgOtherQuestions: "Autres questions",
		MsgCentralQuestion: "Question centrale", MsgWordBank: "Lexique", MsgAboutEdition: "À propos de cette édition",
		MsgAboutDocument: "À propos de ce document", MsgAuthor: "Auteur", MsgAuthors: "Auteurs", MsgRecipient: "Destinataire",
		MsgRecipients: "Destinataires", MsgDate: "Date", MsgPlace: "Lieu", MsgType: "Type",
		MsgOriginalLanguage: "Langue d’origine", MsgTranslator: "Traducteur", MsgTranslators: "Traducteurs",
		MsgHeldIn: "Conservé à", MsgDigitalCopy: "Copie numérique", MsgPrevious: "Précédent", MsgNext: "Suivant",
		MsgBackToText: "Retour au texte", MsgExcerptCredit: "certains paragraphes sont omis, chaque coupure étant signalée par […].", msgExcerptNote: "[…] signale des paragraphes omis ; les mots imprimés sont ceux de la source.", msgExcerptModified: "[…] signale des paragraphes omis.",
		MsgMetrics: "%d mots · environ %d min de lecture · niveau Flesch–Kincaid %s", MsgSuggestedTime: "durée suggérée : %s",
		MsgAnswer: "Réponse / note pédagogique", MsgPageOf: "Page %s sur %d", MsgTable: "Tableau %d", MsgEditorsNotes: "Notes de l’éditeur", MsgThisEdition: "Cette édition", MsgPublisher: "Éditeur", MsgLicence: "Licence", MsgIdentifier: "Identifiant", MsgBuilt: "Produit le", MsgRightsHolder: "Titulaire des droits : %s", MsgCreditsIntro: "Les documents de ce recueil sont reproduits d’après les sources suivantes, aux conditions indiquées pour chacune.", MsgEditorsLicence: "Introduction, chapeaux, notes et questions des éditeurs : %s. Chaque document conserve la mention de droits qui l’accompagne.", MsgRecord: "notice %s", msgReader: "Un recueil de documents pour un cours.", msgReaderFor: "Un recueil de documents pour %s.", msgOneDoc: "Un document de source primaire avec chapeau et questions pour la discussion.", msgDocs: "%d documents de sources primaires avec chapeaux et questions pour la discussion.", msgTeacherDesc: "Édition de l’enseignant, avec réponses et notes pédagogiques.", msgStudentEd: "Édition de l’élève", msgPrintEdition: "édition imprimée (PDF)", msgA11ySummary: "Cette publication satisfait aux WCAG 2.1, niveau AA, selon des vérifications automatiques. Elle comporte une table des matières, des titres qui structurent chaque document et un ordre de lecture qui suit l’édition imprimée ; le texte peut être agrandi et restylé, et la couverture et chaque image ont une alternative textuelle. Les notes sont liées depuis et vers le texte, et les numéros de paragraphe sont lus comme tels.", msgA11yPages: "Des marques de saut de page et une liste des pages donnent les numéros de page de l’édition imprimée.", MsgNameLine: "Nom ______________________________   Date ____________   Classe __________",
		msgAnd: "et", msgCirca: "vers",
		msgBibliography: "Bibliographie", msgWorksCited: "Ouvrages cités", msgReferences: "Références",
		msgLetterTo: "Lettre à %s", msgIn: "Dans", msgTrans: "%s, trad.", msgNoDate: "s.d.",
		msgTypeLetter: "Lettre", msgTypeSpeech: "Discours", msgTypeMemorandum: "Mémorandum", msgTypeTreaty: "Traité",
		msgTypeReport: "Rapport", msgTypeTelegram: "Télégramme", msgTypeDiary: "Journal", msgTypeMinutes: "Procès-verbal",
		msgTypeTranscript: "Transcription", msgTypeArticle: "Article", msgTypeLaw: "Loi", msgTypePetition: "Pétition",
		msgTypeInterview: "Entretien", msgTypeOther: "Autre",
		msgColon:              "%s\u00a0: %s",
		msgAboutPrintLines:    "Les paragraphes de chaque document sont numérotés dans la marge de gauche (¶\u00a01, ¶\u00a02 …), et une ligne sur cinq dans la marge de droite. Les numéros de paragraphe sont les mêmes dans l’édition imprimée et dans l’édition numérique de ce recueil : «\u00a0¶\u00a04\u00a0» désigne le même endroit dans l’exemplaire de chacun ; les numéros de ligne ne valent que pour cette impression. Les questions qui renvoient au texte donnent les deux : «\u00a0(¶\u00a04, lignes 12–15)\u00a0».",
		msgAboutPrintLines2:   "Les paragraphes de chaque document sont numérotés dans la marge intérieure (¶\u00a01, ¶\u00a02 …), et une ligne sur cinq dans la marge extérieure. Les numéros de paragraphe sont les mêmes dans l’édition imprimée et dans l’édition numérique de ce recueil : «\u00a0¶\u00a04\u00a0» désigne le même endroit dans l’exemplaire de chacun ; les numéros de ligne ne valent que pour cette impression. Les questions qui renvoient au texte donnent les deux : «\u00a0(¶\u00a04, lignes 12–15)\u00a0».",
		msgAboutPrint:         "Les paragraphes de chaque document sont numérotés dans la marge (¶\u00a01, ¶\u00a02 …). Ils sont les mêmes dans l’édition imprimée et dans l’édition numérique de ce recueil : «\u00a0¶\u00a04\u00a0» désigne le même endroit dans l’exemplaire de chacun. Les questions qui renvoient au texte donnent le paragraphe : «\u00a0(¶\u00a04)\u00a0».",
		msgAboutScreen:        "Les paragraphes de chaque document sont numérotés à côté du texte (¶\u00a01, ¶\u00a02 …), comme dans l’édition imprimée : «\u00a0¶\u00a04\u00a0» désigne le même endroit dans l’exemplaire de chacun. Les questions qui renvoient au texte donnent le paragraphe, «\u00a0(¶\u00a04)\u00a0», avec un lien vers lui.",
		msgAboutScreenLines:   "L’édition imprimée numérote aussi ses lignes, qui changent d’un écran à l’autre ; ses questions indiquent donc «\u00a0(¶\u00a04, lignes 12–15)\u00a0».",
		msgAboutPageMarkers:   "Là où commence une page de l’édition imprimée, son numéro figure dans le texte, par exemple «\u00a0p.\u00a012\u00a0», pour qu’une classe qui a les deux éditions puisse se reporter à la même page.",
		msgAboutExcerptCounts: "Dans un extrait, les paragraphes sont comptés tels qu’ils sont imprimés, et […] signale des paragraphes omis.",
		MsgText:               "Texte", MsgLandmarks: "Repères", MsgPageList: "Pages", MsgPageName: "Page %s",
		MsgPreviousTo: "Précédent : %s", MsgNextTo: "Suivant : %s", MsgCoverAlt: "Couverture : %s", MsgUntitled: "Recueil de documents",
		MsgTeacherOf: "%s — Édition de l’enseignant", MsgPageRef: "p. %s", MsgPageRange: "p. %s–%s", MsgLine: "ligne %d",
		MsgLineRange: "lignes %d–%d", MsgGlossaryPage: "glossaire p. %s", MsgTeacherNotes: "Notes pour l’enseignant",
		MsgAnswerKey: "Corrigé", MsgTeacherNotesIntro: "Les renvois aux pages, paragraphes (¶) et lignes se rapportent à l’édition de l’élève, dont cette édition garde les pages.",
		msgPublicDomain: "Domaine public", msgCCBY: "Creative Commons Attribution (CC BY)", msgCCBYSA: "Creative Commons Attribution – Partage dans les mêmes conditions (CC BY-SA)",
		msgCCBYNC: "Creative Commons Attribution – Pas d’utilisation commerciale (CC BY-NC)", msgCC0: "Aucun droit réservé (CC0)", msgEducationalUse: "Usage pédagogique autorisé",
		msgPermission: "Reproduit avec autorisation", msgRightsUnknown: "Statut des droits inconnu",
	},
	"de": {
		MsgContents: "Inhalt", MsgCover: "Umschlag", MsgTitlePage: "Titelseite", MsgBodyStart: "Beginn der Dokumente",
		MsgCredits: "Nachweise und Rechte", MsgIntroduction: "Einleitung", MsgPart: "Teil %d", MsgDocument: "Dokument %s",
		MsgGlossary: "Glossar", MsgSources: "Quellenverzeichnis", MsgTimeline: "Zeittafel", MsgNotes: "Anmerkungen",
		MsgTeacherEdition: "Lehrerausgabe", MsgEditedBy: "Herausgegeben von %s", MsgTranslatedBy: "Übersetzt von %s",
		MsgFundedBy: "Gefördert von", MsgExcerpt: "Auszug", MsgModified: "Bearbeitet", MsgSource: "Quelle",
		MsgArchive: "Archiv", MsgRights: "Rechte", MsgBefore: "Vor dem Lesen", MsgDuring: "Während des Lesens",
		MsgAfter: "Nach dem Lesen", MsgQuestions: "Fragen zur Diskussion", MsgOtherQuestions: "Weitere Fragen",
		MsgCentralQuestion: "Leitfrage", MsgWordBank: "Wortschatz", MsgAboutEdition: "Zu dieser Ausgabe",
		MsgAboutDocument: "Zu diesem Dokument", MsgAuthor: "Verfasser", MsgAuthors: "Verfasser", MsgRecipient: "Empfänger",
		MsgRecipients: "Empfänger", MsgDate: "Datum", MsgPlace: "Ort", MsgType: "Art",
		MsgOriginalLanguage: "Originalsprache", MsgTranslator: "Übersetzung", MsgTranslators: "Übersetzung",
		MsgHeldIn: "Aufbewahrt in", MsgDigitalCopy: "Digitalisat", MsgPrevious: "Zurück", MsgNext: "Weiter",
		MsgBackToText: "Zurück zum Text", MsgExcerptCredit: "einige Absätze sind ausgelassen, jede Lücke ist mit […] gekennzeichnet.", msgExcerptNote: "[…] kennzeichnet ausgelassene Absätze; der abgedruckte Wortlaut ist der der Quelle.", msgExcerptModified: "[…] kennzeichnet ausgelassene Absätze.",
		MsgMetrics: "%d Wörter · etwa %d Min. Lesezeit · Flesch-Kincaid-Stufe %s", MsgSuggestedTime: "empfohlene Zeit: %s",
		MsgAnswer: "Antwort / Hinweis für Lehrkräfte", MsgPageOf: "Seite %s von %d", MsgTable: "Tabelle %d", MsgEditorsNotes: "Anmerkungen der Herausgeber", MsgThisEdition: "Diese Ausgabe", MsgPublisher: "Verlag", MsgLicence: "Lizenz", MsgIdentifier: "Kennung", MsgBuilt: "Erstellt", MsgRightsHolder: "Rechteinhaber: %s", MsgCreditsIntro: "Die Dokumente dieses Readers sind nach den folgenden Quellen wiedergegeben, zu den jeweils genannten Bedingungen.", MsgEditorsLicence: "Einleitung, Vorbemerkungen, Anmerkungen und Fragen der Herausgeber: %s. Jedes Dokument behält den Rechtevermerk, mit dem es überliefert ist.", MsgRecord: "Datensatz %s", msgReader: "Ein Quellenreader für den Unterricht.", msgReaderFor: "Ein Quellenreader für %s.", msgOneDoc: "Ein Quellendokument mit Vorbemerkung und Fragen zur Diskussion.", msgDocs: "%d Quellendokumente mit Vorbemerkungen und Fragen zur Diskussion.", msgTeacherDesc: "Ausgabe für Lehrkräfte, mit Antworten und Hinweisen für den Unterricht.", msgStudentEd: "Ausgabe für Lernende", msgPrintEdition: "Druckausgabe (PDF)", msgA11ySummary: "Diese Publikation erfüllt nach automatischen Prüfungen WCAG 2.1, Stufe AA. Sie hat ein Inhaltsverzeichnis, Überschriften, die jedes Dokument gliedern, und eine Lesereihenfolge, die der Druckausgabe folgt; der Text lässt sich vergrößern und umgestalten, und der Umschlag und jedes Bild haben eine Textalternative. Anmerkungen sind mit dem Text in beide Richtungen verlinkt, und Absatznummern werden als solche vorgelesen.", msgA11yPages: "Seitenumbruchmarken und eine Seitenliste geben die Seitenzahlen der Druckausgabe an.", MsgNameLine: "Name ______________________________   Datum ____________   Klasse __________",
		msgAnd: "und", msgCirca: "um",
		msgBibliography: "Bibliografie", msgWorksCited: "Zitierte Werke", msgReferences: "Literaturverzeichnis",
		msgLetterTo: "Brief an %s", msgIn: "In", msgTrans: "%s, Übers.", msgNoDate: "o. J.",
		msgTypeLetter: "Brief", msgTypeSpeech: "Rede", msgTypeMemorandum: "Memorandum", msgTypeTreaty: "Vertrag",
		msgTypeReport: "Bericht", msgTypeTelegram: "Telegramm", msgTypeDiary: "Tagebuch", msgTypeMinutes: "Protokoll",
		msgTypeTranscript: "Transkript", msgTypeArticle: "Artikel", msgTypeLaw: "Gesetz", msgTypePetition: "Petition",
		msgTypeInterview: "Interview", msgTypeOther: "Sonstiges",
		msgColon:              "%s: %s",
		msgAboutPrintLines:    "Die Absätze jedes Dokuments sind am linken Rand nummeriert (¶\u00a01, ¶\u00a02 …), jede fünfte Zeile am rechten Rand. Die Absatznummern sind in der gedruckten und der E-Book-Ausgabe dieser Quellensammlung gleich, „¶\u00a04“ ist also in jedem Exemplar dieselbe Stelle; die Zeilennummern gelten nur für diesen Druck. Fragen, die auf den Text verweisen, nennen beides: „(¶\u00a04, Zeilen 12–15)“.",
		msgAboutPrintLines2:   "Die Absätze jedes Dokuments sind am inneren Rand nummeriert (¶\u00a01, ¶\u00a02 …), jede fünfte Zeile am äußeren Rand. Die Absatznummern sind in der gedruckten und der E-Book-Ausgabe dieser Quellensammlung gleich, „¶\u00a04“ ist also in jedem Exemplar dieselbe Stelle; die Zeilennummern gelten nur für diesen Druck. Fragen, die auf den Text verweisen, nennen beides: „(¶\u00a04, Zeilen 12–15)“.",
		msgAboutPrint:         "Die Absätze jedes Dokuments sind am Rand nummeriert (¶\u00a01, ¶\u00a02 …). Sie sind in der gedruckten und der E-Book-Ausgabe dieser Quellensammlung gleich, „¶\u00a04“ ist also in jedem Exemplar dieselbe Stelle. Fragen, die auf den Text verweisen, nennen den Absatz: „(¶\u00a04)“.",
		msgAboutScreen:        "Die Absätze jedes Dokuments sind neben dem Text nummeriert (¶\u00a01, ¶\u00a02 …), wie in der gedruckten Ausgabe, „¶\u00a04“ ist also in jedem Exemplar dieselbe Stelle. Fragen, die auf den Text verweisen, nennen den Absatz, „(¶\u00a04)“, als Link dorthin.",
		msgAboutScreenLines:   "Die gedruckte Ausgabe nummeriert auch ihre Zeilen, die von Bildschirm zu Bildschirm verschieden sind; ihre Fragen lauten daher „(¶\u00a04, Zeilen 12–15)“.",
		msgAboutPageMarkers:   "Wo eine Seite der gedruckten Ausgabe beginnt, steht ihre Nummer im Text, etwa „S.\u00a012“, damit eine Klasse mit beiden Ausgaben dieselbe Seite aufschlagen kann.",
		msgAboutExcerptCounts: "In einem Auszug werden die Absätze so gezählt, wie sie gedruckt sind, und […] markiert ausgelassene Absätze.",
		MsgText:               "Text", MsgLandmarks: "Orientierungspunkte", MsgPageList: "Seiten", MsgPageName: "Seite %s",
		MsgPreviousTo: "Zurück: %s", MsgNextTo: "Weiter: %s", MsgCoverAlt: "Umschlag: %s", MsgUntitled: "Quellensammlung",
		MsgTeacherOf: "%s — Lehrerausgabe", MsgPageRef: "S. %s", MsgPageRange: "S. %s–%s", MsgLine: "Zeile %d",
		MsgLineRange: "Zeilen %d–%d", MsgGlossaryPage: "Glossar S. %s", MsgTeacherNotes: "Hinweise für Lehrkräfte",
		MsgAnswerKey: "Lösungen", MsgTeacherNotesIntro: "Seiten-, Absatz- (¶) und Zeilenangaben beziehen sich auf die Schülerausgabe, deren Seiten diese Ausgabe beibehält.",
		msgPublicDomain: "Gemeinfrei", msgCCBY: "Creative Commons Namensnennung (CC BY)", msgCCBYSA: "Creative Commons Namensnennung – Weitergabe unter gleichen Bedingungen (CC BY-SA)",
		msgCCBYNC: "Creative Commons Namensnennung – Nicht kommerziell (CC BY-NC)", msgCC0: "Keine Rechte vorbehalten (CC0)", msgEducationalUse: "Nutzung im Unterricht gestattet",
		msgPermission: "Abdruck mit Genehmigung", msgRightsUnknown: "Rechtsstatus unbekannt",
	},
}

var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
}

// shortMonths are the abbreviated month names MLA dates use ("2 Sept.
// 1989", "2 sept. 1989", "2. Sept. 1989").
var shortMonths = map[string][12]string{
	"en": {"Jan.", "Feb.", "Mar.", "Apr.", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."},
	"es": {"ene.", "feb.", "mar.", "abr.", "mayo", "jun.", "jul.", "ago.", "sept.", "oct.", "nov.", "dic."},
	"fr": {"janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc."},
	"de": {"Jan.", "Feb.", "März", "Apr.", "Mai", "Juni", "Juli", "Aug.", "Sept.", "Okt.", "Nov.", "Dez."},
}

// typeNames name each kind of document (Source.Type) for readers.
var typeNames = map[string]Msg{
	"letter": msgTypeLetter, "speech": msgTypeSpeech, "memorandum": msgTypeMemorandum, "treaty": msgTypeTreaty,
	"report": msgTypeReport, "telegram": msgTypeTelegram, "diary": msgTypeDiary, "minutes": msgTypeMinutes,
	"transcript": msgTypeTranscript, "article": msgTypeArticle, "law": msgTypeLaw, "petition": msgTypePetition,
	"interview": msgTypeInterview, "other": msgTypeOther,
}

// TypeName is a kind of document as readers of the locale call it:
// "Letter", "Lettre", "Brief"; a kind it does not know is printed as
// written, capitalized.
func (l *Locale) TypeName(t string) string {
	if m, ok := typeNames[t]; ok {
		return l.T(m)
	}
	return upperFirst(t)
}

// Locale is the language a reader's generated words are in: its labels,
// its "A, B and C" and its dates.
type Locale struct {
	// Lang is the catalog used: en, es, fr or de.
	Lang string
	// monthFirst writes "March 12, 1947" (American English).
	monthFirst bool
}

var (
	matcher = language.NewMatcher([]language.Tag{language.English, language.Spanish, language.French, language.German})
	locMu   sync.Mutex
	locs    = map[string]*Locale{}
)

// English is the locale of a reader that names no language.
var English = &Locale{Lang: "en"}

// LocaleFor returns the locale for a BCP 47 tag, matched to the closest
// catalog (English when none is close). American English writes the
// month first; other English, as before, the day first.
func LocaleFor(tag string) *Locale {
	tag = strings.TrimSpace(tag)
	locMu.Lock()
	defer locMu.Unlock()
	if l, ok := locs[tag]; ok {
		return l
	}
	l := &Locale{Lang: "en"}
	if t, err := language.Parse(tag); err == nil {
		_, i, conf := matcher.Match(t)
		if conf != language.No {
			l.Lang = []string{"en", "es", "fr", "de"}[i]
		}
		if r, conf := t.Region(); l.Lang == "en" && conf == language.Exact && r.String() == "US" {
			l.monthFirst = true
		}
	}
	locs[tag] = l
	return l
}

// Locale is the book's locale, from its language.
func (b *Book) Locale() *Locale {
	if b == nil {
		return English
	}
	return LocaleFor(b.Language)
}

// T is a label in the locale, with its arguments filled in.
func (l *Locale) T(m Msg, args ...any) string {
	if l == nil {
		l = English
	}
	s := string(m)
	if t, ok := catalogs[l.Lang][m]; ok {
		s = t
	}
	if len(args) > 0 {
		return fmt.Sprintf(s, args...)
	}
	return s
}

// And joins names as prose: "A", "A and B", "A, B and C" (in Spanish
// "A, B y C"). The one such join in the program.
func (l *Locale) And(names []string) string {
	var ns []string
	for _, n := range names {
		if n = strings.TrimSpace(n); n != "" {
			ns = append(ns, n)
		}
	}
	switch len(ns) {
	case 0:
		return ""
	case 1:
		return ns[0]
	}
	and := l.T(msgAnd)
	last := ns[len(ns)-1]
	// Spanish writes "e" before a word that starts with the sound i.
	if and == "y" && (strings.HasPrefix(strings.ToLower(last), "i") || strings.HasPrefix(strings.ToLower(last), "hi")) && !strings.HasPrefix(strings.ToLower(last), "hie") {
		and = "e"
	}
	return strings.Join(ns[:len(ns)-1], ", ") + " " + and + " " + last
}

// Date writes a date as the locale does: "12 March 1947", "March 12,
// 1947" (en-US), "12 mars 1947", "12. März 1947", "12 de marzo de 1947";
// ranges with an en dash, approximate dates with "c." or its equivalent.
func (l *Locale) Date(d Date) string {
	if l == nil {
		l = English
	}
	if d.IsZero() {
		return ""
	}
	s := l.plainDate(d)
	if d.End != nil {
		return s + "–" + l.Date(*d.End)
	}
	return s
}

func (l *Locale) plainDate(d Date) string { return l.dateWith(d, months) }

// dateWith writes a date with the month names of a table (months, or
// shortMonths for MLA).
func (l *Locale) dateWith(d Date, table map[string][12]string) string {
	ms, ok := table[l.Lang]
	if !ok {
		ms = table["en"]
	}
	y := strconv.Itoa(d.Year)
	var s string
	switch {
	case d.Day > 0 && d.Month >= 1 && d.Month <= 12:
		dm := l.dayMonth(d.Day, ms[d.Month-1])
		switch {
		case l.Lang == "en" && l.monthFirst:
			s = dm + ", " + y
		case l.Lang == "es":
			s = dm + " de " + y
		default:
			s = dm + " " + y
		}
	case d.Month >= 1 && d.Month <= 12:
		m := ms[d.Month-1]
		if l.Lang == "es" {
			s = m + " de " + y
		} else {
			s = m + " " + y
		}
	default:
		s = y
	}
	if d.Approximate {
		s = l.T(msgCirca) + " " + s
	}
	if d.Uncertain {
		s += "?"
	}
	return s
}

// dayMonth is a day and its month's name without the year: "March 12"
// (en-US), "12 March", "12 mars", "1er mars", "12. März", "12 de marzo".
func (l *Locale) dayMonth(day int, month string) string {
	switch {
	case l.Lang == "en" && l.monthFirst:
		return fmt.Sprintf("%s %d", month, day)
	case l.Lang == "de":
		return fmt.Sprintf("%d. %s", day, month)
	case l.Lang == "es":
		return fmt.Sprintf("%d de %s", day, month)
	case l.Lang == "fr" && day == 1:
		return "1er " + month
	}
	return fmt.Sprintf("%d %s", day, month)
}

// DateIn is how the source's date is shown to readers of a locale: the
// source's date_display when it has one, else its date written as the
// locale writes dates.
func (s *Source) DateIn(l *Locale) string {
	if s.DateDisplay != "" {
		return s.DateDisplay
	}
	return l.Date(s.Date)
}

// Stage is the title of a group of questions by when they are asked
// (before, during or after reading); "" for no stage.
func (l *Locale) Stage(stage string) string {
	switch stage {
	case "before":
		return l.T(MsgBefore)
	case "during":
		return l.T(MsgDuring)
	case "after":
		return l.T(MsgAfter)
	}
	return ""
}

// ExcerptNote is what the note under an excerpt says: that […] marks
// what is left out and, unless the editor also changed it, that the words
// printed are the source's own.
func (l *Locale) ExcerptNote(modified bool) string {
	if modified {
		return l.T(msgExcerptModified)
	}
	return l.T(msgExcerptNote)
}

// rightsStatuses name each rights status (Rights.Status) for readers.
var rightsStatuses = map[string]Msg{
	"public-domain": msgPublicDomain, "cc-by": msgCCBY, "cc-by-sa": msgCCBYSA, "cc-by-nc": msgCCBYNC,
	"cc0": msgCC0, "educational-use": msgEducationalUse, "permission": msgPermission, "unknown": msgRightsUnknown,
}

// RightsStatus is how the credits name a rights status: "Public domain",
// "Domaine public"; a status it does not know is printed as written.
func (l *Locale) RightsStatus(status string) string {
	if m, ok := rightsStatuses[status]; ok {
		return l.T(m)
	}
	return status
}

// PageRef is a reference to print pages: "p. 5" or, when the two differ,
// "pp. 5–9" ("S. 5–9" in German).
func (l *Locale) PageRef(first, last string) string {
	if last == "" || last == first {
		return l.T(MsgPageRef, first)
	}
	return l.T(MsgPageRange, first, last)
}

// Lines is a reference to printed lines: "line 12", "lines 12–15".
func (l *Locale) Lines(from, to int) string {
	if to <= from {
		return l.T(MsgLine, from)
	}
	return l.T(MsgLineRange, from, to)
}

// AboutEdition is the note that says how to find a place in the text,
// true for the edition it is printed in: print (with or without line
// numbers, one- or two-sided) or a screen edition (with or without print
// page markers). Paragraph numbers are the reference every edition
// shares.
func (b *Book) AboutEdition(print, lineNumbers, twoSided, pageMarkers bool) []string {
	if len(b.Items) == 0 {
		return nil
	}
	l := b.Locale()
	var out []string
	switch {
	case print && lineNumbers && twoSided:
		out = append(out, l.T(msgAboutPrintLines2))
	case print && lineNumbers:
		out = append(out, l.T(msgAboutPrintLines))
	case print:
		out = append(out, l.T(msgAboutPrint))
	default:
		s := l.T(msgAboutScreen)
		if lineNumbers {
			s += " " + l.T(msgAboutScreenLines)
		}
		out = append(out, s)
		if pageMarkers {
			out = append(out, l.T(msgAboutPageMarkers))
		}
	}
	for _, it := range b.Items {
		if it.Excerpt {
			return append(out, l.T(msgAboutExcerptCounts))
		}
	}
	return out
}

// Decimal writes x with one decimal as the reader's language does:
// "16.5" in English, "16,5" in French, German and Spanish.
func (l *Locale) Decimal(x float64) string {
	lang := "en"
	if l != nil {
		lang = l.Lang
	}
	return message.NewPrinter(language.Make(lang)).Sprint(number.Decimal(x, number.MinFractionDigits(1), number.MaxFractionDigits(1), number.NoSeparator()))
}

// MetricsLine is the line of reading measures under a document's
// sourcing box; time is the suggested time, for the teacher edition.
func (l *Locale) MetricsLine(m Metrics, time string) string {
	line := l.T(MsgMetrics, m.Words, m.Minutes, l.Decimal(m.Grade))
	if t := strings.TrimSpace(time); t != "" {
		line += " · " + l.T(MsgSuggestedTime, t)
	}
	return line
}

// Chronology is the book's items in order of their documents' dates, for
// the timeline: undated items (no source) keep their place at the end,
// and items of the same date their reading order.
func (b *Book) Chronology() []*Item {
	items := append([]*Item(nil), b.Items...)
	sort.SliceStable(items, func(i, j int) bool {
		a, c := items[i].Source, items[j].Source
		if a == nil || c == nil {
			return a != nil && c == nil
		}
		return a.Date.Before(c.Date)
	})
	return items
}

// EditionFacts lists what the credits say of this edition ("This
// edition"): its editors, publisher, licence, identifier and build date.
// edition is "student" or "teacher".
func (b *Book) EditionFacts(edition string) []Fact {
	l := b.Locale()
	var out []Fact
	add := func(label, value string) {
		if v := strings.TrimSpace(value); v != "" {
			out = append(out, Fact{Label: label, Value: v})
		}
	}
	add(strings.TrimSpace(l.T(MsgEditedBy, "")), l.And(b.Editors))
	pub := strings.TrimSpace(b.Publisher)
	if pub == "" {
		pub = b.Institution
	}
	add(l.T(MsgPublisher), pub)
	add(l.T(MsgLicence), b.License)
	add(l.T(MsgIdentifier), b.IdentifierFor(edition))
	if !b.Modified.IsZero() {
		t := b.Modified.UTC()
		add(l.T(MsgBuilt), l.Date(Date{Raw: t.Format("2006-01-02"), Year: t.Year(), Month: int(t.Month()), Day: t.Day()}))
	}
	return out
}

// Description is the reader's description for a catalogue (the EPUB's
// package metadata), in the reader's language.
func (b *Book) Description(edition string) string {
	l := b.Locale()
	var parts []string
	if s := strings.TrimSpace(b.Subtitle); s != "" {
		parts = append(parts, strings.TrimSuffix(s, ".")+".")
	}
	reader := l.T(msgReader)
	if c := strings.TrimSpace(b.Course); c != "" {
		reader = l.T(msgReaderFor, c)
	}
	parts = append(parts, reader)
	if i := strings.TrimSpace(b.Institution); i != "" {
		parts = append(parts, strings.TrimSuffix(i, ".")+".")
	}
	if len(b.Editors) > 0 {
		parts = append(parts, l.T(MsgEditedBy, l.And(b.Editors))+".")
	}
	if n := len(b.Items); n == 1 {
		parts = append(parts, l.T(msgOneDoc))
	} else {
		parts = append(parts, l.T(msgDocs, n))
	}
	if edition == "teacher" {
		parts = append(parts, l.T(msgTeacherDesc))
	}
	return strings.Join(parts, " ")
}

// PrintEdition names the print edition an EPUB's page list follows:
// "Title: Subtitle, Teacher Edition, print edition (PDF), Letter, 12 March 2026".
func (b *Book) PrintEdition(title, edition string) string {
	l := b.Locale()
	s := title
	if sub := strings.TrimSpace(b.Subtitle); sub != "" {
		s = l.T(msgColon, s, sub)
	}
	if edition == "teacher" {
		s += ", " + l.T(MsgTeacherEdition)
	} else {
		s += ", " + l.T(msgStudentEd)
	}
	s += ", " + l.T(msgPrintEdition)
	if b.PageSize != "" {
		s += ", " + b.PageSize
	}
	t := b.Modified.UTC()
	return s + ", " + l.Date(Date{Raw: t.Format("2006-01-02"), Year: t.Year(), Month: int(t.Month()), Day: t.Day()})
}

// AccessibilitySummary is the EPUB's accessibility summary (metadata) in
// the reader's language; pageList says the EPUB carries print pages.
func (b *Book) AccessibilitySummary(pageList bool) string {
	l := b.Locale()
	s := l.T(msgA11ySummary)
	if pageList {
		s += " " + l.T(msgA11yPages)
	}
	return s
}
