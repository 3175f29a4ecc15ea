// WordNet (Debian wordnet-dev, wordnet-base) for names: a noun's lemma ("people" -> "person",
// "children" -> "child", "classes" -> "class") and whether it names a property (a name, a date,
// an amount, a colour) rather than a thing that could be an entity.
#pragma once

#include <string>

namespace v5gen::words {

// The singular (lemma) of a noun: a short list of words kept as they are (data, media, news,
// series, species), the irregular plurals of inflect.hpp, then WordNet's morphology, then the
// suffix rules of `singular`. Thread-safe.
std::string noun_lemma(const std::string& noun);

// True when WordNet's first sense of `noun` (lemma) is an attribute, quantity, time, state,
// relation, shape, feeling, motive or cognition/communication noun: a property, not a thing.
// Unknown words: false. Thread-safe.
bool names_property(const std::string& noun);

// True when WordNet's first sense of `noun` (lemma) is an act or an event ("visit", "session").
// Thread-safe.
bool names_event(const std::string& noun);

// The base form of a verb ("belongs" -> "belong", "wrote" -> "write"); unknown words unchanged.
// Thread-safe.
std::string verb_base(const std::string& verb);

}  // namespace v5gen::words
