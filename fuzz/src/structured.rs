//! Inputs of SPEC section 7 built from fuzzer bytes with `arbitrary`: a workload of any kind
//! with the real annotation keys, containers whose images are put together from pieces of
//! realistic references, a cache list, settings and `now`.
//!
//! Most choices pick from realistic values, weighted so that pods and caches often share
//! images, caches are often Ready and settings often valid (otherwise matching is rarely
//! reached); every one can also be arbitrary, or of the wrong JSON type. When the bytes run
//! out, every choice falls back to its realistic first value.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{json, Map, Value};

/// A JSON value of any type, for fields that should hold something else.
#[derive(Arbitrary, Debug, Clone)]
pub enum Scalar {
    Null,
    Bool(bool),
    Int(i64),
    Uint(u64),
    Float(f64),
    Str(String),
    EmptyArray,
    EmptyObject,
    Nested(Vec<(String, bool)>),
}

impl Scalar {
    pub fn json(&self) -> Value {
        match self {
            Scalar::Null => Value::Null,
            Scalar::Bool(b) => json!(b),
            Scalar::Int(n) => json!(n),
            Scalar::Uint(n) => json!(n),
            Scalar::Float(f) => Value::from(*f),
            Scalar::Str(s) => json!(s),
            Scalar::EmptyArray => json!([]),
            Scalar::EmptyObject => json!({}),
            Scalar::Nested(pairs) => {
                Value::Object(pairs.iter().map(|(k, v)| (k.clone(), json!([v]))).collect())
            }
        }
    }
}

fn pick(pool: &[&str], i: u8) -> String {
    pool[usize::from(i) % pool.len()].to_owned()
}

/// Mostly a value, rarely absent (one time in eight): for fields real objects have.
#[derive(Debug, Clone)]
pub struct Likely<T>(pub Option<T>);

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for Likely<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Likely(if u8::arbitrary(u)? % 8 == 7 {
            None
        } else {
            Some(T::arbitrary(u)?)
        }))
    }
}

/// Mostly absent, rarely a value (one time in sixteen): for what real objects lack.
#[derive(Debug, Clone)]
pub struct Rare<T>(pub Option<T>);

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for Rare<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(Rare(if u8::arbitrary(u)? % 16 == 15 {
            Some(T::arbitrary(u)?)
        } else {
            None
        }))
    }
}

/// A list that mostly holds at least one item (rarely none): pods have containers, caches
/// images, and the cache list caches.
#[derive(Debug, Clone)]
pub struct List<T>(pub Vec<T>);

impl<'a, T: Arbitrary<'a>> Arbitrary<'a> for List<T> {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        if u8::arbitrary(u)? % 16 == 15 {
            return Ok(List(Vec::new()));
        }
        let mut items = vec![T::arbitrary(u)?];
        items.extend(Vec::<T>::arbitrary(u)?);
        Ok(List(items))
    }
}

/// A string from pool `P` of [`POOLS`] (three times in four), or any string, or a value of
/// another JSON type.
#[derive(Debug, Clone)]
pub enum Str<const P: usize> {
    Pool(u8),
    Raw(String),
    Other(Scalar),
}

impl<'a, const P: usize> Arbitrary<'a> for Str<P> {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=191 => Str::Pool(u8::arbitrary(u)?),
            192..=239 => Str::Raw(String::arbitrary(u)?),
            _ => Str::Other(Scalar::arbitrary(u)?),
        })
    }
}

impl<const P: usize> Str<P> {
    fn json(&self) -> Value {
        match self {
            Str::Pool(i) => Value::from(pick(POOLS[P], *i)),
            Str::Raw(s) => Value::from(s.as_str()),
            Str::Other(v) => v.json(),
        }
    }

    /// As a piece of a larger string.
    fn text(&self) -> String {
        match self.json() {
            Value::String(s) => s,
            other => other.to_string(),
        }
    }
}

fn put<const P: usize>(m: &mut Map<String, Value>, key: &str, value: Option<&Str<P>>) {
    if let Some(v) = value {
        m.insert(key.into(), v.json());
    }
}

// -------------------------------------------------------------------------------------
// The pools
// -------------------------------------------------------------------------------------

/// The pools [`Str`] picks from, by index.
const POOLS: &[&[&str]] = &[
    NAMES,
    NAMESPACES,
    TIMES,
    REGISTRIES,
    PATHS,
    TAGS,
    DIGESTS,
    BOOLEANS,
    COUNTS,
    QUANTITIES,
    CACHE_IDS,
    PULL_POLICIES,
    PLATFORMS,
    PHASES,
    SECRETS,
    CACHE_KINDS,
    LIST_KINDS,
    OTHER_ANNOTATIONS,
];
const NAME: usize = 0;
const NAMESPACE: usize = 1;
const TIME: usize = 2;
const REGISTRY: usize = 3;
const PATH: usize = 4;
const TAG: usize = 5;
const DIGEST: usize = 6;
const BOOLEAN: usize = 7;
const COUNT: usize = 8;
const QUANTITY: usize = 9;
const CACHE_ID: usize = 10;
const PULL_POLICY: usize = 11;
const PLATFORM: usize = 12;
const PHASE: usize = 13;
const SECRET: usize = 14;
const CACHE_KIND: usize = 15;
const LIST_KIND: usize = 16;
const OTHER_ANNOTATION: usize = 17;

const NAMES: &[&str] = &[
    "web",
    "nginx-auto-match",
    "web-stack",
    "-",
    "Web_Stack.2",
    "x",
    "a-very-long-name-that-goes-on-and-on-and-on",
];
const NAMESPACES: &[&str] = &["default", "kube-system", "team-a"];
const TIMES: &[&str] = &[
    "2026-11-20T10:00:00Z",
    "2026-11-27T08:00:00Z",
    "2026-11-27T08:00:00.5Z",
    "2026-12-01T00:00:00+08:00",
    "2026-11-01T00:00:00Z",
    "2026-11-27T08:00:00.123456789123Z",
    "2024-02-29T23:59:60Z",
    "1970-01-01T00:00:00Z",
    "9999-12-31T23:59:59-23:59",
    "0000-01-01T00:00:00+23:59",
    "2026-11-27t08:00:00z",
    "2026-11-27 08:00:00Z",
    "2026-02-30T00:00:00Z",
    "tomorrow",
];
const REGISTRIES: &[&str] = &[
    "docker.io",
    "index.docker.io",
    "localhost",
    "localhost:5000",
    "registry.cn-hangzhou.aliyuncs.com",
    "registry-vpc.cn-hangzhou.aliyuncs.com",
    "REGISTRY-VPC.cn-hangzhou.aliyuncs.com",
    "acme-registry.cn-shanghai.cr.aliyuncs.com",
    "acme-registry-vpc.cn-shanghai.cr.aliyuncs.com",
    "acme-registry-vpc.cn-shanghai.cr.aliyuncs.com:443",
    "registry-vpc..aliyuncs.com",
    "-registry-vpc.x.cr.aliyuncs.com",
    "Registry.Example.com",
    "[::1]:5000",
    "my_registry.example.com",
    "quay.io",
];
const PATHS: &[&str] = &[
    "nginx",
    "library/nginx",
    "busybox",
    "acme/api",
    "acme/api/v2",
    "redis",
    "a",
    "Nginx",
    "a__b",
    "a--b",
    "a.b_c",
];
const TAGS: &[&str] = &[
    "latest", "1.25", "1.7.9", "7.2", "2.3.1", "_x", "LATEST", "-bad", ".bad", "",
];
const DIGESTS: &[&str] = &[
    "sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
    "sha256:e6693c20186f837fc393390135d8a598a96a833917917789d63766cab6c59582",
    "sha384:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "sha512:ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff",
    "sha256:DBCC1C35AC38DF41FD2F5E4130B32FFDB93EBAE8B3DBE638C23575912276FC9C",
    "sha256:abc",
    "md5:ffffffffffffffffffffffffffffffff",
];
/// Whole references, so that pods and caches often hold the same images (the first three
/// are one image, written three ways).
const IMAGES: &[&str] = &[
    "nginx:1.7.9",
    "docker.io/library/nginx:1.7.9",
    "index.docker.io/nginx:1.7.9",
    "busybox",
    "redis:7.2",
    "registry.cn-hangzhou.aliyuncs.com/acme/api:2.3.1",
    "registry-vpc.cn-hangzhou.aliyuncs.com/acme/api:2.3.1",
    "postgres@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
    "postgres:16@sha256:dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c",
    "localhost:5000/app:latest",
];
const POD_ANNOTATIONS: &[&str] = &[
    "k8s.aliyun.com/eci-auto-imc",
    "k8s.aliyun.com/eci-image-cache",
    "k8s.aliyun.com/eci-imc-id",
    "k8s.aliyun.com/eci-image-snapshot-id",
    "k8s.aliyun.com/imc-perfect-match",
    "k8s.aliyun.com/imc-match-count-request",
    "k8s.aliyun.com/eci-extra-ephemeral-storage",
];
const OTHER_ANNOTATIONS: &[&str] = &[
    "app",
    "eci-image-cache/decision",
    "k8s.aliyun.com/imc-cpu-arch",
    "k8s.aliyun.com/eci-auto-imc ",
    "K8S.aliyun.com/eci-auto-imc",
    "a~b/c",
];
const BOOLEANS: &[&str] = &[
    "true",
    "true",
    "false",
    "TRUE",
    "True",
    "1",
    "0",
    "t",
    "F",
    " true ",
    "yes",
    "on",
    "",
    "ｔｒｕｅ",
];
const COUNTS: &[&str] = &[
    "1",
    "2",
    "3",
    "0",
    "-1",
    " 2 ",
    "1e3",
    "NaN",
    "18446744073709551616",
    "+2",
    "٣",
];
const QUANTITIES: &[&str] = &[
    "50Gi",
    "10G",
    "1.5Gi",
    "1e9",
    "500m",
    "0",
    "-5Gi",
    "1Ei",
    "1Pi",
    "99999999999999999999999999Ei",
    ".5Gi",
    "50GB",
    "NaN",
    "Infinity",
    "1e999",
];
/// Cache ids shared by the pods' pins and the caches: mostly valid, some broken.
const CACHE_IDS: &[&str] = &[
    "imc-a1",
    "imc-b2",
    "imc-c3",
    "imc-d4",
    "imc-bp1a2b3c4d5e6f7g8h9i",
    "imc-a1",
    "imc-b2",
    "imc-2ze5tm5gehgtiiga****",
    "IMC-A1",
    " imc-a1 ",
    "imc-",
    "imc_a1",
    "",
];
const PULL_POLICIES: &[&str] = &["IfNotPresent", "Always", "Never", "always", ""];
const PLATFORMS: &[&str] = &["amd64", "arm64", "linux", "windows", "AMD64", "s390x"];
const PHASES: &[&str] = &[
    "Ready",
    "Ready",
    "Ready",
    "Ready",
    "Ready",
    "Ready",
    "Ready",
    "Pending",
    "Preparing",
    "Creating",
    "Updating",
    "UpdateFailed",
    "Failed",
    "ready",
];
const SECRETS: &[&str] = &["default:my-registry", "my-secret", "a:b.c", "-a:b", "a:"];
const CACHE_KINDS: &[&str] = &["ImageCache", "ImageCache", "ConfigMap", "imagecache"];
const LIST_KINDS: &[&str] = &["ImageCacheList", "List", "PodList"];

// -------------------------------------------------------------------------------------
// Image references
// -------------------------------------------------------------------------------------

#[derive(Debug, Clone)]
pub enum Image {
    Pool(u8),
    Composed {
        registry: Option<Str<REGISTRY>>,
        path: Str<PATH>,
        extra_component: Option<Str<PATH>>,
        tag: Option<Str<TAG>>,
        digest: Option<Str<DIGEST>>,
    },
    Raw(String),
    Other(Scalar),
}

impl<'a> Arbitrary<'a> for Image {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=159 => Image::Pool(u8::arbitrary(u)?),
            160..=231 => Image::Composed {
                registry: Arbitrary::arbitrary(u)?,
                path: Arbitrary::arbitrary(u)?,
                extra_component: Arbitrary::arbitrary(u)?,
                tag: Arbitrary::arbitrary(u)?,
                digest: Arbitrary::arbitrary(u)?,
            },
            232..=247 => Image::Raw(String::arbitrary(u)?),
            _ => Image::Other(Scalar::arbitrary(u)?),
        })
    }
}

impl Image {
    fn json(&self) -> Value {
        match self {
            Image::Pool(i) => Value::from(pick(IMAGES, *i)),
            Image::Composed {
                registry,
                path,
                extra_component,
                tag,
                digest,
            } => {
                let mut s = String::new();
                if let Some(r) = registry {
                    s.push_str(&r.text());
                    s.push('/');
                }
                s.push_str(&path.text());
                if let Some(c) = extra_component {
                    s.push('/');
                    s.push_str(&c.text());
                }
                if let Some(t) = tag {
                    s.push(':');
                    s.push_str(&t.text());
                }
                if let Some(d) = digest {
                    s.push('@');
                    s.push_str(&d.text());
                }
                Value::from(s)
            }
            Image::Raw(s) => Value::from(s.as_str()),
            Image::Other(v) => v.json(),
        }
    }
}

// -------------------------------------------------------------------------------------
// The pod
// -------------------------------------------------------------------------------------

/// The cache annotations of a pod, each with a value of its own sort (mostly), plus any
/// other pairs.
#[derive(Arbitrary, Debug, Clone)]
pub struct PodAnnotations {
    pub auto: Likely<Str<BOOLEAN>>,
    pub auto_older: Rare<Str<BOOLEAN>>,
    pub pin: Rare<Str<CACHE_ID>>,
    pub pin_older: Rare<Str<CACHE_ID>>,
    pub perfect_match: Rare<Str<BOOLEAN>>,
    pub match_count: Rare<Str<COUNT>>,
    pub extra_storage: Rare<Str<QUANTITY>>,
    /// Any key (the cache annotations included) with any value.
    pub others: Rare<Vec<(AnnotationKey, Str<OTHER_ANNOTATION>)>>,
}

#[derive(Arbitrary, Debug, Clone)]
pub enum AnnotationKey {
    Pod(u8),
    Other(u8),
    Raw(String),
}

impl AnnotationKey {
    fn key(&self) -> String {
        match self {
            AnnotationKey::Pod(i) => pick(POD_ANNOTATIONS, *i),
            AnnotationKey::Other(i) => pick(OTHER_ANNOTATIONS, *i),
            AnnotationKey::Raw(s) => s.clone(),
        }
    }
}

impl PodAnnotations {
    fn json(&self) -> Value {
        let mut m = Map::new();
        put(&mut m, POD_ANNOTATIONS[0], self.auto.0.as_ref());
        put(&mut m, POD_ANNOTATIONS[1], self.auto_older.0.as_ref());
        put(&mut m, POD_ANNOTATIONS[2], self.pin.0.as_ref());
        put(&mut m, POD_ANNOTATIONS[3], self.pin_older.0.as_ref());
        put(&mut m, POD_ANNOTATIONS[4], self.perfect_match.0.as_ref());
        put(&mut m, POD_ANNOTATIONS[5], self.match_count.0.as_ref());
        put(&mut m, POD_ANNOTATIONS[6], self.extra_storage.0.as_ref());
        for (k, v) in self.others.0.iter().flatten() {
            m.insert(k.key(), v.json());
        }
        Value::Object(m)
    }
}

/// `metadata`: mostly an object; its annotations mostly a map.
#[derive(Arbitrary, Debug, Clone)]
pub struct Metadata {
    pub name: Option<Str<NAME>>,
    pub generate_name: Rare<Str<NAME>>,
    pub namespace: Option<Str<NAMESPACE>>,
    pub annotations: Likely<PodAnnotations>,
    /// `annotations` (or, rarer, `metadata` itself) of another type.
    pub broken_annotations: Rare<Scalar>,
    pub broken_metadata: Rare<Scalar>,
}

impl Metadata {
    fn json(&self) -> Value {
        if let Some(v) = &self.broken_metadata.0 {
            return v.json();
        }
        let mut m = Map::new();
        put(&mut m, "name", self.name.as_ref());
        put(&mut m, "generateName", self.generate_name.0.as_ref());
        put(&mut m, "namespace", self.namespace.as_ref());
        if let Some(a) = &self.annotations.0 {
            m.insert("annotations".into(), a.json());
        }
        if let Some(v) = &self.broken_annotations.0 {
            m.insert("annotations".into(), v.json());
        }
        Value::Object(m)
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub struct Container {
    pub name: Option<Str<NAME>>,
    /// Absent: no `image` field.
    pub image: Likely<Image>,
    pub pull_policy: Option<Str<PULL_POLICY>>,
    /// Not an object at all.
    pub broken: Rare<Scalar>,
}

impl Container {
    fn json(&self) -> Value {
        if let Some(v) = &self.broken.0 {
            return v.json();
        }
        let mut m = Map::new();
        put(&mut m, "name", self.name.as_ref());
        if let Some(i) = &self.image.0 {
            m.insert("image".into(), i.json());
        }
        put(&mut m, "imagePullPolicy", self.pull_policy.as_ref());
        m.insert("resources".into(), json!({"requests": {"cpu": "1"}}));
        Value::Object(m)
    }
}

/// A list of containers (mostly), or no list, or something that is not a list.
#[derive(Arbitrary, Debug, Clone)]
pub struct Containers {
    pub list: Likely<List<Container>>,
    pub broken: Rare<Scalar>,
}

impl Containers {
    fn insert(&self, spec: &mut Map<String, Value>, key: &str) {
        if let Some(items) = &self.list.0 {
            spec.insert(
                key.into(),
                Value::Array(items.0.iter().map(Container::json).collect()),
            );
        }
        if let Some(v) = &self.broken.0 {
            spec.insert(key.into(), v.json());
        }
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub struct PodSpec {
    pub init_containers: Rare<Containers>,
    pub containers: Containers,
    pub ephemeral_containers: Rare<Vec<Container>>,
    pub node_selector: Option<(Option<Str<PLATFORM>>, Option<Str<PLATFORM>>)>,
    /// No `spec`, or a `spec` of another type.
    pub missing: Rare<()>,
    pub broken: Rare<Scalar>,
}

impl PodSpec {
    fn json(&self) -> Option<Value> {
        if self.missing.0.is_some() {
            return None;
        }
        if let Some(v) = &self.broken.0 {
            return Some(v.json());
        }
        let mut spec = Map::new();
        if let Some(init) = &self.init_containers.0 {
            init.insert(&mut spec, "initContainers");
        }
        self.containers.insert(&mut spec, "containers");
        if let Some(e) = &self.ephemeral_containers.0 {
            spec.insert(
                "ephemeralContainers".into(),
                Value::Array(e.iter().map(Container::json).collect()),
            );
        }
        if let Some((arch, os)) = &self.node_selector {
            let mut m = Map::new();
            put(&mut m, "kubernetes.io/arch", arch.as_ref());
            put(&mut m, "kubernetes.io/os", os.as_ref());
            spec.insert("nodeSelector".into(), Value::Object(m));
        }
        Some(Value::Object(spec))
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Pod,
    Deployment,
    ReplicaSet,
    StatefulSet,
    DaemonSet,
    ReplicationController,
    Job,
    CronJob,
    ImageCache,
    Service,
    Missing,
    NotAString,
}

impl<'a> Arbitrary<'a> for Kind {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        const OTHERS: &[Kind] = &[
            Kind::Deployment,
            Kind::ReplicaSet,
            Kind::StatefulSet,
            Kind::DaemonSet,
            Kind::ReplicationController,
            Kind::Job,
            Kind::CronJob,
            Kind::ImageCache,
            Kind::ImageCache,
            Kind::Service,
            Kind::Missing,
            Kind::NotAString,
        ];
        let tag = u8::arbitrary(u)?;
        Ok(match tag {
            0..=127 => Kind::Pod,
            _ => OTHERS[usize::from(tag - 128) % OTHERS.len()],
        })
    }
}

/// The object to evaluate.
#[derive(Arbitrary, Debug, Clone)]
pub struct Workload {
    pub kind: Kind,
    /// The workload's own metadata (for a Pod: the pod's).
    pub metadata: Metadata,
    /// The pod template's metadata (not used for a Pod).
    pub template_metadata: Metadata,
    pub spec: PodSpec,
    /// For a workload: the template is missing (or not an object).
    pub no_template: Rare<bool>,
    /// For `ImageCache`: the object is this cache.
    pub cache: Cache,
}

impl Workload {
    pub fn json(&self) -> Value {
        let kind = match self.kind {
            Kind::Pod => json!("Pod"),
            Kind::Deployment => json!("Deployment"),
            Kind::ReplicaSet => json!("ReplicaSet"),
            Kind::StatefulSet => json!("StatefulSet"),
            Kind::DaemonSet => json!("DaemonSet"),
            Kind::ReplicationController => json!("ReplicationController"),
            Kind::Job => json!("Job"),
            Kind::CronJob => json!("CronJob"),
            Kind::ImageCache => {
                let mut cache = self.cache.json();
                if let Value::Object(m) = &mut cache {
                    m.insert("kind".into(), json!("ImageCache"));
                    return cache;
                }
                return json!({"kind": "ImageCache", "spec": cache});
            }
            Kind::Service => json!("Service"),
            Kind::Missing => Value::Null,
            Kind::NotAString => json!(["Pod"]),
        };
        let mut object = Map::new();
        if !kind.is_null() {
            object.insert("kind".into(), kind);
        }
        object.insert("apiVersion".into(), json!("v1"));
        object.insert("metadata".into(), self.metadata.json());
        let mut pod = Map::new();
        if let Some(spec) = self.spec.json() {
            pod.insert("spec".into(), spec);
        }
        if self.kind == Kind::Pod {
            object.extend(pod);
            return Value::Object(object);
        }
        pod.insert("metadata".into(), self.template_metadata.json());
        let template = match self.no_template.0 {
            None => Some(Value::Object(pod)),
            Some(false) => None,
            Some(true) => Some(json!("not a template")),
        };
        let mut spec = json!({"replicas": 2});
        if let Some(template) = template {
            if self.kind == Kind::CronJob {
                spec["jobTemplate"] = json!({"spec": {"template": template}});
            } else {
                spec["template"] = template;
            }
        }
        object.insert("spec".into(), spec);
        Value::Object(object)
    }
}

// -------------------------------------------------------------------------------------
// The caches
// -------------------------------------------------------------------------------------

/// A number for a size or a retention: realistic ones (mostly), edges, and anything.
#[derive(Debug, Clone)]
pub enum Number {
    Pool(u8),
    Int(i64),
    Uint(u64),
    Float(f64),
    Other(Scalar),
}

const NUMBERS: &[u64] = &[
    20, 25, 30, 40, 20, 25, 50, 80, 100, 32_768, 32_769, 19, 0, 1, 65_536, 65_537,
];

impl<'a> Arbitrary<'a> for Number {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=199 => Number::Pool(u8::arbitrary(u)?),
            200..=215 => Number::Int(i64::arbitrary(u)?),
            216..=231 => Number::Uint(u64::arbitrary(u)?),
            232..=247 => Number::Float(f64::arbitrary(u)?),
            _ => Number::Other(Scalar::arbitrary(u)?),
        })
    }
}

impl Number {
    fn json(&self) -> Value {
        match self {
            Number::Pool(i) => json!(NUMBERS[usize::from(*i) % NUMBERS.len()]),
            Number::Int(n) => json!(n),
            Number::Uint(n) => json!(n),
            Number::Float(f) => Value::from(*f),
            Number::Other(v) => v.json(),
        }
    }
}

/// One entry of the cache list.
#[derive(Arbitrary, Debug, Clone)]
pub struct Cache {
    pub kind: Option<Str<CACHE_KIND>>,
    pub name: Likely<Str<NAME>>,
    pub creation: Option<Str<TIME>>,
    pub deletion: Rare<Str<TIME>>,
    pub arch: Option<Str<PLATFORM>>,
    pub os: Rare<Str<PLATFORM>>,
    /// `spec.images`: mostly a list.
    pub images: Likely<List<Image>>,
    pub broken_images: Rare<Scalar>,
    pub size: Option<Number>,
    pub retention: Rare<Number>,
    pub pull_secrets: Rare<Vec<Str<SECRET>>>,
    pub id: Likely<Str<CACHE_ID>>,
    pub phase: Likely<Str<PHASE>>,
    pub expires: Option<Str<TIME>>,
    pub start: Rare<Str<TIME>>,
    /// Fields the core never reads (events, managedFields, progress), which pruning drops.
    pub noise: bool,
    /// Not an object at all.
    pub not_an_object: Rare<Scalar>,
}

impl Cache {
    pub fn json(&self) -> Value {
        if let Some(v) = &self.not_an_object.0 {
            return v.json();
        }
        let mut metadata = Map::new();
        put(&mut metadata, "name", self.name.0.as_ref());
        put(&mut metadata, "creationTimestamp", self.creation.as_ref());
        put(&mut metadata, "deletionTimestamp", self.deletion.0.as_ref());
        let mut annotations = Map::new();
        put(
            &mut annotations,
            "k8s.aliyun.com/imc-cpu-arch",
            self.arch.as_ref(),
        );
        put(
            &mut annotations,
            "k8s.aliyun.com/imc-os-type",
            self.os.0.as_ref(),
        );
        if !annotations.is_empty() {
            metadata.insert("annotations".into(), Value::Object(annotations));
        }
        let mut spec = Map::new();
        if let Some(items) = &self.images.0 {
            spec.insert(
                "images".into(),
                Value::Array(items.0.iter().map(Image::json).collect()),
            );
        }
        if let Some(v) = &self.broken_images.0 {
            spec.insert("images".into(), v.json());
        }
        if let Some(n) = &self.size {
            spec.insert("imageCacheSize".into(), n.json());
        }
        if let Some(n) = &self.retention.0 {
            spec.insert("retentionDays".into(), n.json());
        }
        if let Some(secrets) = &self.pull_secrets.0 {
            spec.insert(
                "imagePullSecrets".into(),
                Value::Array(secrets.iter().map(Str::json).collect()),
            );
        }
        let mut status = Map::new();
        put(&mut status, "imageCacheId", self.id.0.as_ref());
        put(&mut status, "phase", self.phase.0.as_ref());
        put(&mut status, "expireDateTime", self.expires.as_ref());
        put(&mut status, "startTime", self.start.0.as_ref());
        let mut cache = Map::new();
        put(&mut cache, "kind", self.kind.as_ref());
        cache.insert("apiVersion".into(), json!("eci.alibabacloud.com/v1"));
        if self.noise {
            metadata.insert(
                "managedFields".into(),
                json!([{"manager": "eci", "fieldsV1": {"f:status": {}}}]),
            );
            status.insert("progress".into(), json!("100%"));
            status.insert(
                "events".into(),
                json!([{"type": "Normal", "message": "Successfully created"}]),
            );
        }
        cache.insert("metadata".into(), Value::Object(metadata));
        cache.insert("spec".into(), Value::Object(spec));
        cache.insert("status".into(), Value::Object(status));
        Value::Object(cache)
    }
}

/// How the cache list is given.
#[derive(Arbitrary, Debug, Clone)]
pub enum CacheList {
    Array(Vec<Cache>),
    ImageCacheList(Vec<Cache>),
    List(Vec<Cache>),
    /// An object of another kind, or items that are not a list.
    Wrong {
        kind: Str<LIST_KIND>,
        items: Scalar,
    },
    Absent,
    Other(Scalar),
}

impl CacheList {
    fn json(&self) -> Option<Value> {
        let items = |caches: &[Cache]| Value::Array(caches.iter().map(Cache::json).collect());
        Some(match self {
            CacheList::Array(c) => items(c),
            CacheList::ImageCacheList(c) => json!({
                "apiVersion": "eci.alibabacloud.com/v1", "kind": "ImageCacheList",
                "metadata": {"resourceVersion": "1"}, "items": items(c)}),
            CacheList::List(c) => json!({
                "apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": items(c)}),
            CacheList::Wrong { kind, items } => json!({"kind": kind.json(), "items": items.json()}),
            CacheList::Absent => return None,
            CacheList::Other(v) => v.json(),
        })
    }
}

/// The cache list: mostly an array, sometimes another shape.
#[derive(Arbitrary, Debug, Clone)]
pub struct Caches {
    pub array: List<Cache>,
    pub other_shape: Rare<CacheList>,
}

// -------------------------------------------------------------------------------------
// Settings and the whole input
// -------------------------------------------------------------------------------------

/// A setting's value: one that is valid for its key (mostly, picked by index), or anything.
#[derive(Debug, Clone)]
pub enum Setting {
    Valid(u8),
    Other(Scalar),
}

impl<'a> Arbitrary<'a> for Setting {
    fn arbitrary(u: &mut Unstructured<'a>) -> arbitrary::Result<Self> {
        Ok(match u8::arbitrary(u)? {
            0..=239 => Setting::Valid(u8::arbitrary(u)?),
            _ => Setting::Other(Scalar::arbitrary(u)?),
        })
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub struct Settings {
    pub auto_match_by_default: Option<Setting>,
    pub acr_vpc_equivalence: Option<Setting>,
    pub temporary_storage_gib: Option<Setting>,
    pub pin_resolved_cache: Option<Setting>,
    pub pin_annotation: Option<Setting>,
    pub set_if_not_present: Option<Setting>,
    pub mutate_workloads: Option<Setting>,
    pub reject_unusable_pin: Option<Setting>,
    pub on_lookup_failure: Option<Setting>,
    pub unknown: Rare<(String, Scalar)>,
    /// Not an object at all.
    pub not_an_object: Rare<Scalar>,
}

const STORAGE: &[u64] = &[30, 30, 1, 10, 20, 25, 50, 100, 32_768, 0, 32_769];
const PIN_ANNOTATIONS: &[&str] = &[
    "k8s.aliyun.com/eci-image-snapshot-id",
    "k8s.aliyun.com/eci-imc-id",
];
const LOOKUP: &[&str] = &["accept", "reject"];

impl Settings {
    pub fn json(&self) -> Value {
        if let Some(v) = &self.not_an_object.0 {
            return v.json();
        }
        let mut m = Map::new();
        let mut set = |key: &str, s: &Option<Setting>, valid: &dyn Fn(u8) -> Value| {
            if let Some(s) = s {
                let v = match s {
                    Setting::Valid(i) => valid(*i),
                    Setting::Other(v) => v.json(),
                };
                m.insert(key.into(), v);
            }
        };
        let flag = |i: u8| json!(i.is_multiple_of(2));
        set("autoMatchByDefault", &self.auto_match_by_default, &flag);
        set("acrVpcEquivalence", &self.acr_vpc_equivalence, &flag);
        set("temporaryStorageGiB", &self.temporary_storage_gib, &|i| {
            json!(STORAGE[usize::from(i) % STORAGE.len()])
        });
        set("pinResolvedCache", &self.pin_resolved_cache, &flag);
        set("pinAnnotation", &self.pin_annotation, &|i| {
            json!(pick(PIN_ANNOTATIONS, i))
        });
        set("setIfNotPresent", &self.set_if_not_present, &flag);
        set("mutateWorkloads", &self.mutate_workloads, &flag);
        set("rejectUnusablePin", &self.reject_unusable_pin, &flag);
        set("onLookupFailure", &self.on_lookup_failure, &|i| {
            json!(pick(LOOKUP, i))
        });
        if let Some((k, v)) = &self.unknown.0 {
            m.insert(k.clone(), v.json());
        }
        Value::Object(m)
    }
}

/// The whole input of SPEC section 7.
#[derive(Arbitrary, Debug, Clone)]
pub struct Scenario {
    pub object: Workload,
    pub caches: Caches,
    pub settings: Option<Settings>,
    pub now: Option<Str<TIME>>,
}

impl Scenario {
    pub fn json(&self) -> Value {
        let mut input = Map::new();
        input.insert("object".into(), self.object.json());
        let caches = match &self.caches.other_shape.0 {
            Some(shape) => shape.json(),
            None => Some(Value::Array(
                self.caches.array.0.iter().map(Cache::json).collect(),
            )),
        };
        if let Some(caches) = caches {
            input.insert("imageCaches".into(), caches);
        }
        if let Some(s) = &self.settings {
            input.insert("settings".into(), s.json());
        }
        if let Some(now) = &self.now {
            input.insert("now".into(), now.json());
        }
        Value::Object(input)
    }
}
