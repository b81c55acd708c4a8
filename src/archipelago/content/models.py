"""One strict pydantic model per content kind: the single declaration of what a file may hold.

Strict means a misspelt key is an error (``extra="forbid"``) and ``"3"`` is not a number.
The same models give the JSON Schemas in ``schemas/`` that contributors' editors use.
"""

from __future__ import annotations

import difflib
from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from archipelago.content.categories import APPLE_CATEGORIES
from archipelago.content.fields import (
    ArtworkPath,
    AudioRef,
    Date,
    DateOrDateTime,
    Email,
    Guid,
    HttpsUrl,
    ImagePath,
    Language,
    PlainText,
    RemoteUuid,
    Slug,
    Text,
    Timecode,
    TranscriptPath,
    UniqueItems,
    Url,
    Uuid,
    invalid,
)

# Controlled vocabularies, kept here so the schema, the checks and the filters agree.
ListingKind = Literal[
    "marketplace",
    "talent-platform",
    "creative-network",
    "coworking",
    "coalition",
    "community",
    "podcast",
    "training",
]
CommunityFeature = Literal[
    "peer-tips",
    "meetups",
    "podcast",
    "blog",
    "courses",
    "mentoring",
    "scholarships",
    "events",
    "forum",
    "workspace",
    "advocacy",
    "job-board",
    "newsletter",
]
PricingModel = Literal[
    "free", "commission", "subscription", "membership", "pay-per-use", "mixed", "unknown"
]
ListingStatus = Literal["active", "closed", "unknown"]
Role = Literal["host", "guest", "author"]
EpisodeType = Literal["full", "trailer", "bonus"]
ShowType = Literal["episodic", "serial"]
#: podcast:socialInteract protocols we write; `disabled` says comments are off on purpose.
SocialProtocol = Literal["activitypub", "twitter", "bluesky", "disabled"]


def _apple_category(value: str) -> str:
    parent = next((c for c, subs in APPLE_CATEGORIES.items() if value in subs), None)
    if parent is not None:
        raise invalid(
            f"{value!r} is a subcategory of {parent!r}, not a category",
            f"write `category: {parent}` and `subcategory: {value}`",
        )
    if value not in APPLE_CATEGORIES:
        close = difflib.get_close_matches(value, list(APPLE_CATEGORIES), n=1)
        raise invalid(
            f"{value!r} is not an Apple Podcasts category",
            f"did you mean {close[0]!r}?"
            if close
            else f"use one of: {', '.join(APPLE_CATEGORIES)}",
        )
    return value


AppleCategory = Annotated[
    str,
    AfterValidator(_apple_category),
    WithJsonSchema({"type": "string", "enum": list(APPLE_CATEGORIES)}),
]
#: Text Apple shows as a description (in an HTML view): plain, at most 4000 bytes.
FeedText = Annotated[str, PlainText(4000, refuse_markup=True)]
#: Lists that name nothing twice.
Slugs = Annotated[list[Slug], UniqueItems()]
Texts = Annotated[list[Text], UniqueItems()]
Urls = Annotated[list[Url], UniqueItems()]
Features = Annotated[list[CommunityFeature], UniqueItems()]
Roles = Annotated[list[Role], UniqueItems()]
HiddenParts = Annotated[
    list[Literal["navigation", "toc", "footer", "path", "tags", "feedback"]], UniqueItems()
]


class Strict(BaseModel):
    """Base of every model: unknown keys are errors, types are never coerced, values frozen."""

    # defer_build: a model's validator is made when it first validates, not on import. A build
    # whose files all come from the load store validates only the show (40 ms of start-up).
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, defer_build=True)


class Link(Strict):
    """A labelled web link."""

    label: Text = Field(examples=["Mastodon"])
    url: Url = Field(examples=["https://example.social/@ada"])


class Owner(Strict):
    """Who Apple contacts about the show; never shown to listeners."""

    name: Text = Field(examples=["Archipelago collective"])
    email: Email = Field(examples=["podcast@example.org"])


class License(Strict):
    """The license of the show's content (podcast:license)."""

    identifier: Text = Field(examples=["CC-BY-4.0"], description="an SPDX identifier or a name")
    url: Url | None = Field(default=None, examples=["https://creativecommons.org/licenses/by/4.0/"])


class UpdateFrequency(Strict):
    """How often new episodes come (podcast:updateFrequency)."""

    rrule: Annotated[str, Field(pattern=r"^FREQ=[A-Z]+(;[A-Z]+=[A-Za-z0-9,+-]+)*$")] = Field(
        examples=["FREQ=WEEKLY"], description="an iCalendar RRULE (RFC 5545)"
    )
    label: Text = Field(examples=["Weekly"], description="the schedule as listeners read it")
    complete: bool = Field(default=False, description="true: the show will have no new episodes")


class PodcastRef(Strict):
    """Another podcast, as the Podcasting 2.0 namespace names it (podcast:remoteItem)."""

    guid: RemoteUuid | None = Field(
        default=None,
        examples=["917393e3-1b1e-5cef-ace4-edaa54e1f810"],
        description="its podcast:guid, copied from its feed or Podcast Index; never guessed."
        " Without it the show stays out of the feed's podroll",
    )
    feed_url: Url | None = Field(default=None, examples=["https://example.org/feed.xml"])
    name: Text | None = Field(
        default=None,
        examples=["Overshare"],
        description="the podcast's own name, where it differs from the listing's",
    )
    why: Text | None = Field(
        default=None,
        examples=["Weekly talks with people who left an office for a studio of their own"],
        description="one line on why listeners would like it, shown on the recommendations page",
    )


class RecommendedShow(PodcastRef):
    """A show the podcast recommends that has no directory listing: one item of `podroll:`."""

    name: Text = Field(examples=["Another Island"])
    website: Url | None = Field(default=None, examples=["https://example.org/another-island/"])

    @model_validator(mode="after")
    def _somewhere_to_go(self) -> RecommendedShow:
        # A reader of the recommendations page needs a link to follow.
        if self.website is None and self.feed_url is None:
            raise invalid(
                f"the recommended show {self.name!r} has no link",
                "add its website: or its feed_url: (or both)",
            )
        return self


#: Google's public WebSub hub, which Podcast Index and many apps subscribe to feeds through.
DEFAULT_WEBSUB_HUB = "https://pubsubhubbub.appspot.com/"


class Show(Strict):
    """The podcast itself, configured under the `archipelago` plugin in mkdocs.yml."""

    title: Text = Field(examples=["Not an Island"])
    description: FeedText = Field(examples=["Stories of freelancers who found their people."])
    author: Text = Field(examples=["Archipelago collective"])
    owner: Owner
    language: Language = Field(examples=["en"])
    category: AppleCategory = Field(examples=["Business"])
    subcategory: Text | None = Field(default=None, examples=["Careers"])
    explicit: bool = Field(examples=[False])
    artwork: ArtworkPath = Field(examples=["assets/show-art.png"])
    artwork_alt: Text | None = Field(
        default=None,
        examples=["A small island drawn in ink"],
        description="the artwork described for screen readers (podcast:image alt);"
        " default: the title",
    )
    type: ShowType = "episodic"
    copyright: Text = Field(examples=["© 2026 Archipelago contributors"])
    website: Url = Field(examples=["https://example.org/"])
    funding: list[Link] = Field(default_factory=list)
    license: License | None = None
    locked: bool = Field(
        default=True,
        description="podcast:locked: ask other platforms not to import the feed without the owner",
    )
    guid: Uuid = Field(
        examples=["2c7c4a64-3e1b-5d5f-9a3e-8f1f2b6d7c10"],
        description="podcast:guid, computed once from the feed URL and stored; never recomputed",
    )
    media_base_url: HttpsUrl | None = Field(
        default=None,
        examples=["https://media.example.org/not-an-island/"],
        description="where enclosures are served from, when not from the site itself",
    )
    websub_hubs: Annotated[list[HttpsUrl], UniqueItems()] = Field(
        default_factory=lambda: [DEFAULT_WEBSUB_HUB],
        examples=[[DEFAULT_WEBSUB_HUB]],
        description="WebSub hubs named in the feed and pinged by `archipelago notify`; [] for none",
    )
    analytics_prefix: HttpsUrl | None = Field(
        default=None,
        examples=["https://op3.dev/e/"],
        description="a download-statistics service put in front of every feed enclosure;"
        " switching it is an enclosure move (`archipelago lock move --all`)",
    )
    apple_verify: Text | None = Field(
        default=None,
        examples=["a1b2c3d4e5"],
        description="the code Apple Podcasts Connect gives to prove you own the feed"
        " (podcast:txt purpose=applepodcastsverify)",
    )
    update_frequency: UpdateFrequency | None = None
    podroll: list[RecommendedShow] = Field(
        default_factory=list,
        description="shows you recommend that have no directory listing; each with a guid is"
        " in the feed's podcast:podroll, and all are on the recommendations page",
    )

    @field_validator("subcategory")
    @classmethod
    def _subcategory_of_category(cls, value: str | None, info: ValidationInfo) -> str | None:
        category = info.data.get("category")
        if value is None or category is None:
            return value
        allowed = APPLE_CATEGORIES[category]
        if value not in allowed:
            choices = ", ".join(allowed) if allowed else "none (leave subcategory out)"
            raise invalid(
                f"{value!r} is not an Apple subcategory of {category!r}",
                f"use one of: {choices}",
            )
        return value


class Chapter(Strict):
    """A chapter mark: where it starts and what it is called."""

    start: Timecode = Field(examples=["12:30"])
    title: Text = Field(examples=["Finding a co-working space"])
    url: Url | None = Field(default=None, examples=["https://example.org/"])
    image: ImagePath | None = Field(default=None, examples=["episodes/media/001-chapter-2.png"])


class Soundbite(Strict):
    """A short extract apps may play as a preview (podcast:soundbite)."""

    start: Timecode = Field(examples=["2:10"])
    # The namespace recommends 15 to 120 seconds; apps may skip others, so it is an error.
    duration: float = Field(ge=15, le=120, examples=[30], description="seconds, 15 to 120")
    title: Text | None = Field(default=None, examples=["Why a no is not a verdict"])


class Social(Strict):
    """Where listeners discuss an episode (podcast:socialInteract)."""

    protocol: SocialProtocol = Field(default="activitypub", examples=["activitypub"])
    url: Url | None = Field(
        default=None,
        validate_default=True,
        examples=["https://example.social/@archipelago/113456789"],
        description="the post to reply to; leave out only with protocol: disabled",
    )

    @field_validator("url")
    @classmethod
    def _url_unless_disabled(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("protocol", "disabled") != "disabled":
            raise invalid(
                "a discussion needs the post's address",
                "add `url:`, or write `protocol: disabled` to say comments are off",
            )
        return value


class Episode(Strict):
    """A podcast episode: `content/episodes/NNN-slug.md`; the body is the show notes."""

    title: Text = Field(examples=["Arriving on the island"])
    number: int = Field(ge=0, examples=[1], description="the episode number; 0 for a trailer")
    season: int | None = Field(default=None, ge=1, examples=[1])
    type: EpisodeType = "full"
    published: DateOrDateTime = Field(
        examples=["2026-05-01"], description="published by the first build on or after it"
    )
    draft: bool = Field(
        default=False, description="true: shown by `make serve` only, never published"
    )
    guid: Guid = Field(
        examples=["7f8d3c1e-5b2a-4c9d-8e6f-1a2b3c4d5e6f"],
        description="written once when the episode is created; never change it",
    )
    audio: AudioRef = Field(examples=["episodes/media/001-arrival.mp3"])
    explicit: bool | None = Field(default=None, examples=[False])
    summary: FeedText = Field(examples=["How a designer found peers after leaving her studio."])
    hosts: Slugs = Field(default_factory=list, examples=[["ada-lovelace"]])
    guests: Slugs = Field(default_factory=list, examples=[["grace-hopper"]])
    topics: Texts = Field(default_factory=list, examples=[["isolation"]])
    transcript: TranscriptPath | None = Field(
        default=None, examples=["episodes/media/001-arrival.vtt"]
    )
    chapters: list[Chapter] = Field(default_factory=list)
    image: ArtworkPath | None = Field(default=None, examples=["episodes/media/001-arrival.png"])
    image_alt: Text | None = Field(
        default=None,
        examples=["Ada at her desk by a window"],
        description="the image described for screen readers (podcast:image alt);"
        " default: the title",
    )
    soundbites: list[Soundbite] = Field(default_factory=list)
    social: Social | None = None
    related_guides: Slugs = Field(default_factory=list, examples=[["handling-rejection"]])
    related_listings: Slugs = Field(default_factory=list, examples=[["taskrabbit"]])


class Guide(Strict):
    """An article: `content/guides/slug.md`; the body is the article."""

    title: Text = Field(examples=["Handling rejection"])
    summary: Annotated[str, PlainText(500, refuse_markup=True)] = Field(
        examples=["Why a 'no' stings more when you work alone."]
    )
    authors: Slugs = Field(min_length=1, examples=[["ada-lovelace"]])
    published: Date = Field(examples=["2026-05-01"])
    draft: bool = Field(
        default=False, description="true: shown by `make serve` only, never published"
    )
    updated: Date | None = Field(default=None, examples=["2026-06-01"])
    topics: Texts = Field(default_factory=list, examples=[["rejection"]])
    related_listings: Slugs = Field(default_factory=list, examples=[["fiverr"]])
    related_episodes: Slugs = Field(default_factory=list, examples=[["arrival"]])

    @field_validator("updated")
    @classmethod
    def _updated_after_published(cls, value: date | None, info: ValidationInfo) -> date | None:
        published = info.data.get("published")
        if value is not None and published is not None and value < published:
            raise invalid(
                f"{value} is before the published date {published}",
                "set updated to the day of the last real change, on or after published",
            )
        return value


class Listing(Strict):
    """A directory entry: `content/directory/slug.md`; the body is the description."""

    name: Text = Field(examples=["TaskRabbit"])
    kind: ListingKind = Field(examples=["marketplace"])
    website: Url = Field(examples=["https://www.taskrabbit.com/"])
    focus: Text = Field(examples=["local odd jobs and home tasks"])
    audience: Text = Field(examples=["people who do hands-on tasks in their own city"])
    features: Features = Field(default_factory=list, examples=[["peer-tips"]])
    pricing: PricingModel = Field(examples=["commission"])
    regions: Texts = Field(min_length=1, examples=[["United States"]])
    status: ListingStatus = Field(examples=["active"])
    sources: Urls = Field(min_length=1, examples=[["https://example.org/article"]])
    last_checked: Date = Field(examples=["2026-05-01"])
    podcast: PodcastRef | None = Field(
        default=None,
        description="for a podcast: its feed; with a guid it is recommended in the feed's podroll",
    )
    draft: bool = Field(
        default=False, description="true: shown by `make serve` only, never published"
    )


class Person(Strict):
    """A host, guest or author: `content/people/slug.md`; the body is the longer bio."""

    name: Text = Field(examples=["Ada Lovelace"])
    roles: Roles = Field(min_length=1, examples=[["host"]])
    bio: Annotated[str, PlainText(300)] = Field(examples=["Illustrator, freelancing since 2019."])
    website: Url | None = Field(default=None, examples=["https://example.org/"])
    image: ImagePath | None = Field(default=None, examples=["people/images/ada-lovelace.jpg"])
    links: list[Link] = Field(default_factory=list)


class PageOptions(Strict):
    """Theme keys any content file may set; they stay in MkDocs' page.meta, not in the model."""

    template: str | None = Field(
        default=None, pattern=r"^[a-z0-9-]+\.html$", examples=["my-page.html"]
    )
    hide: HiddenParts = Field(default_factory=list, examples=[["toc"]])


#: The folder under content/ that holds each kind, and its model.
KINDS: dict[str, type[Strict]] = {
    "episodes": Episode,
    "guides": Guide,
    "directory": Listing,
    "people": Person,
}
