package book

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/text/language"
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
	MsgMetrics          Msg = "%d words · about %d min to read · Flesch–Kincaid grade %.1f"
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
	msgAnd              Msg = "and"
	msgCirca            Msg = "c."
)

// Msgs lists every exported label, for tests and tools.
var Msgs = []Msg{MsgContents, MsgCover, MsgTitlePage, MsgBodyStart, MsgCredits, MsgIntroduction, MsgPart, MsgDocument, MsgGlossary, MsgSources, MsgTimeline, MsgNotes, MsgTeacherEdition, MsgEditedBy, MsgTranslatedBy, MsgFundedBy, MsgExcerpt, MsgModified, MsgSource, MsgArchive, MsgRights, MsgBefore, MsgDuring, MsgAfter, MsgQuestions, MsgOtherQuestions, MsgCentralQuestion, MsgWordBank, MsgAboutEdition, MsgAboutDocument, MsgAuthor, MsgAuthors, MsgRecipient, MsgRecipients, MsgDate, MsgPlace, MsgType, MsgOriginalLanguage, MsgTranslator, MsgTranslators, MsgHeldIn, MsgDigitalCopy, MsgPrevious, MsgNext, MsgBackToText, MsgExcerptCredit, MsgMetrics, MsgSuggestedTime, MsgAnswer, MsgPageOf, MsgTable, MsgEditorsNotes, MsgThisEdition, MsgPublisher, MsgLicence, MsgIdentifier, MsgBuilt, MsgRightsHolder, MsgCreditsIntro, MsgEditorsLicence}

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
		MsgMetrics: "%d palabras · unos %d min de lectura · nivel Flesch–Kincaid %.1f", MsgSuggestedTime: "tiempo sugerido: %s",
		MsgAnswer: "Respuesta / nota didáctica", MsgPageOf: "Página %s de %d", MsgTable: "Tabla %d", MsgEditorsNotes: "Notas del editor", MsgThisEdition: "Esta edición", MsgPublisher: "Editorial", MsgLicence: "Licencia", MsgIdentifier: "Identificador", MsgBuilt: "Generado", MsgRightsHolder: "Titular de los derechos: %s", MsgCreditsIntro: "Los documentos de esta antología se reproducen de las fuentes siguientes, en las condiciones indicadas para cada una.", MsgEditorsLicence: "La introducción, las notas introductorias, las notas y las preguntas de los editores: %s. Cada documento conserva la declaración de derechos con la que se publicó.",
		msgAnd: "y", msgCirca: "h.",
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
		MsgMetrics: "%d mots · environ %d min de lecture · niveau Flesch–Kincaid %.1f", MsgSuggestedTime: "durée suggérée : %s",
		MsgAnswer: "Réponse / note pédagogique", MsgPageOf: "Page %s sur %d", MsgTable: "Tableau %d", MsgEditorsNotes: "Notes de l’éditeur", MsgThisEdition: "Cette édition", MsgPublisher: "Éditeur", MsgLicence: "Licence", MsgIdentifier: "Identifiant", MsgBuilt: "Produit le", MsgRightsHolder: "Titulaire des droits : %s", MsgCreditsIntro: "Les documents de ce recueil sont reproduits d’après les sources suivantes, aux conditions indiquées pour chacune.", MsgEditorsLicence: "Introduction, chapeaux, notes et questions des éditeurs : %s. Chaque document conserve la mention de droits qui l’accompagne.",
		msgAnd: "et", msgCirca: "vers",
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
		MsgMetrics: "%d Wörter · etwa %d Min. Lesezeit · Flesch-Kincaid-Stufe %.1f", MsgSuggestedTime: "empfohlene Zeit: %s",
		MsgAnswer: "Antwort / Hinweis für Lehrkräfte", MsgPageOf: "Seite %s von %d", MsgTable: "Tabelle %d", MsgEditorsNotes: "Anmerkungen der Herausgeber", MsgThisEdition: "Diese Ausgabe", MsgPublisher: "Verlag", MsgLicence: "Lizenz", MsgIdentifier: "Kennung", MsgBuilt: "Erstellt", MsgRightsHolder: "Rechteinhaber: %s", MsgCreditsIntro: "Die Dokumente dieses Readers sind nach den folgenden Quellen wiedergegeben, zu den jeweils genannten Bedingungen.", MsgEditorsLicence: "Einleitung, Vorbemerkungen, Anmerkungen und Fragen der Herausgeber: %s. Jedes Dokument behält den Rechtevermerk, mit dem es überliefert ist.",
		msgAnd: "und", msgCirca: "um",
	},
}

var months = map[string][12]string{
	"en": {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"},
	"es": {"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"},
	"fr": {"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"},
	"de": {"Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober", "November", "Dezember"},
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

func (l *Locale) plainDate(d Date) string {
	ms := months[l.Lang]
	if ms[0] == "" {
		ms = months["en"]
	}
	y := strconv.Itoa(d.Year)
	var s string
	switch {
	case d.Day > 0 && d.Month >= 1 && d.Month <= 12:
		m := ms[d.Month-1]
		switch {
		case l.Lang == "en" && l.monthFirst:
			s = fmt.Sprintf("%s %d, %s", m, d.Day, y)
		case l.Lang == "de":
			s = fmt.Sprintf("%d. %s %s", d.Day, m, y)
		case l.Lang == "es":
			s = fmt.Sprintf("%d de %s de %s", d.Day, m, y)
		case l.Lang == "fr" && d.Day == 1:
			s = "1er " + m + " " + y
		default:
			s = fmt.Sprintf("%d %s %s", d.Day, m, y)
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

// MetricsLine is the line of reading measures under a document's
// sourcing box; time is the suggested time, for the teacher edition.
func (l *Locale) MetricsLine(m Metrics, time string) string {
	line := l.T(MsgMetrics, m.Words, m.Minutes, m.Grade)
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
			out = append(out, Fact{label, v})
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
