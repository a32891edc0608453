package graph

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"time"
)

// Watchlists and alerts (issue 16): a principal watches an entity, and is
// told when a case touches it: a case newly mentions it, a relationship
// at it is newly asserted by a case, a new identifier or account joins
// it. What a case says at a watched entity is compared with what it said
// at the last check (WatchCaseState): the new elements are the alerts.
// docs/alerts.md tells the whole story.

// AlertKind says what happened at a watched entity.
type AlertKind string

const (
	// AlertMentioned: a case that did not mention the entity now does.
	AlertMentioned AlertKind = "MENTIONED"
	// AlertLinked: a case newly asserts a relationship at the entity.
	AlertLinked AlertKind = "LINKED"
	// AlertIdentifierJoined: a case newly says the entity uses an identifier.
	AlertIdentifierJoined AlertKind = "IDENTIFIER_JOINED"
	// AlertAccountJoined: a case newly says the entity holds an account.
	AlertAccountJoined AlertKind = "ACCOUNT_JOINED"
	// AlertCandidate: a new resolution candidate names the entity
	// (reserved for entity resolution, which stores it with AddAlerts).
	AlertCandidate AlertKind = "CANDIDATE"
	// AlertHit is what a watcher is shown of an alert about a case outside
	// their compartments: that the case touched the entity, nothing more.
	AlertHit AlertKind = "HIT"
)

// Watch is one principal's watch of one entity.
type Watch struct {
	ID        string
	Principal string
	EntityID  string
	Note      *string
	CreatedAt time.Time
}

// WatchID is the id of principal's watch of entityID: one watch per pair,
// so watching again changes the note and nothing else.
func WatchID(principal, entityID string) string {
	sum := sha256.Sum256([]byte(principal + "\x00" + entityID))
	return "watch:" + hex.EncodeToString(sum[:10])
}

// Alert is one stored alert, or what a watcher is shown of it (see
// AsHit). The pointers are nil where a hit shows nothing.
type Alert struct {
	ID       string
	WatchID  string
	Watcher  string
	EntityID string
	Kind     AlertKind
	CaseID   string
	Agency   *string
	At       time.Time
	// Summary says what happened in a few words: the relationship type and
	// the id at its other end ("USES from person:B-1:R1").
	Summary *string
	// OtherID is the entity at the relationship's other end; LinkID the
	// relationship.
	OtherID *string
	LinkID  *string
	// CausedBy is the principal whose write raised the alert.
	CausedBy *string
	// Batch groups the alerts one check raised for one watch and case, so a
	// watcher outside the case is shown one hit per batch, not a count.
	Batch string
	// Hit is true when the watcher is shown only the hit.
	Hit bool
}

// AsHit is what a watcher outside the alert's case is shown: the case id
// and its agency (as linkedCases names another case), when, and the
// watched entity they see; nothing of what the case says.
func (a Alert) AsHit() Alert {
	return Alert{ID: a.ID, WatchID: a.WatchID, Watcher: a.Watcher, EntityID: a.EntityID, Kind: AlertHit,
		CaseID: a.CaseID, Agency: a.Agency, At: a.At, Batch: a.Batch, Hit: true}
}

// WatchedLink is a relationship at a watched entity, as a check sees it.
type WatchedLink struct {
	ID      string
	Type    string
	OtherID string
	// Out is true when the relationship starts at the watched entity.
	Out bool
	// OtherLabels are the labels of the node at the other end.
	OtherLabels []string
}

// WatchCaseState is what one case says at a watched entity: whether it
// mentions it, and the relationships at it that it asserts.
type WatchCaseState struct {
	Mentioned bool
	Links     []string
}

// AlertsSince compares what a case said at a watched entity at the last
// check (was) with what it says now, and returns the alerts for what is
// new (without ids, times and watcher, which the caller fills) and the
// state to keep. A relationship the case withdrew leaves the state, so it
// alerts again if the case asserts it again; what was already known does
// not, so importing the same file twice alerts once.
func AlertsSince(was WatchCaseState, mentioned bool, links []WatchedLink) ([]Alert, WatchCaseState) {
	known := make(map[string]bool, len(was.Links))
	for _, id := range was.Links {
		known[id] = true
	}
	now := WatchCaseState{Mentioned: mentioned, Links: make([]string, 0, len(links))}
	var out []Alert
	if mentioned && !was.Mentioned {
		out = append(out, Alert{Kind: AlertMentioned})
	}
	for _, l := range links {
		now.Links = append(now.Links, l.ID)
		if known[l.ID] {
			continue
		}
		kind := AlertLinked
		switch {
		case l.Type == string(RelUses) && l.Out && slices.Contains(l.OtherLabels, string(KindIdentifier)):
			kind = AlertIdentifierJoined
		case l.Type == string(RelHolds) && l.Out && slices.Contains(l.OtherLabels, string(KindBankAccount)):
			kind = AlertAccountJoined
		}
		dir := " to "
		if !l.Out {
			dir = " from "
		}
		summary, other, link := l.Type+dir+l.OtherID, l.OtherID, l.ID
		out = append(out, Alert{Kind: kind, Summary: &summary, OtherID: &other, LinkID: &link})
	}
	return out, now
}
